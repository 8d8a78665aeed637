import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The production build (made by `node deploy/bootstrap.cjs`, which `npm test`
 * runs first) stays within the console's budget: 300 KB of JavaScript, gzipped,
 * counting every chunk, the lazily loaded ones included.
 */
const BUDGET_BYTES = 300 * 1024;
const assetsDir = path.resolve(__dirname, '../dist/assets');

describe('console production bundle', () => {
  it('when built, then all its JavaScript together is at most 300 KB gzipped, and no API key is baked in', () => {
    const scripts = readdirSync(assetsDir).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const sources = scripts.map((file) => readFileSync(path.join(assetsDir, file)));
    const gzipped = sources.reduce((total, source) => total + gzipSync(source, { level: 9 }).length, 0);

    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    // The first seed shipped its key as VITE_API_KEY; this build takes no key from the environment.
    const text = sources.map((source) => source.toString('utf8')).join('\n');
    expect(text).not.toMatch(/VITE_API_KEY|atalaia_dev_|atk_[0-9a-f]{8}_/);
  });
});
