import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sourceDir = join(__dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
const sources = files(sourceDir).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

describe('where the API key may go', () => {
  it('when the sources are searched, then nothing uses sessionStorage, cookies or IndexedDB', () => {
    expect(sources.filter(({ text }) => /sessionStorage|document\.cookie|indexedDB/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('when the sources use localStorage, then only for the language choice', () => {
    const users = sources.filter(({ text }) => text.includes('localStorage'));
    expect(users.map(({ file }) => file.slice(sourceDir.length))).toEqual([join('/i18n', 'i18n-context.tsx')]);
  });

  it('when a request is made, then it is same-origin with credentials only for this origin', () => {
    const fetchers = sources.filter(({ text }) => /\bfetch\w*\(path/.test(text));
    expect(fetchers).toHaveLength(1);
    expect(fetchers[0]?.text).toContain("credentials: 'same-origin'");
  });
});
