import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveJaegerBinary } from '../src/jaeger-build';
import { jaegerBinaryPath } from '../src/jaeger-config';

let cacheRoot: string;
const saved = { PATH: process.env.PATH, ATALAIA_JAEGER_BINARY: process.env.ATALAIA_JAEGER_BINARY };

beforeEach(async () => {
  cacheRoot = await mkdtemp(join(tmpdir(), 'atalaia-jaeger-cache-'));
  delete process.env.ATALAIA_JAEGER_BINARY;
});

afterEach(async () => {
  process.env.PATH = saved.PATH;
  if (saved.ATALAIA_JAEGER_BINARY === undefined) delete process.env.ATALAIA_JAEGER_BINARY;
  else process.env.ATALAIA_JAEGER_BINARY = saved.ATALAIA_JAEGER_BINARY;
  await rm(cacheRoot, { recursive: true, force: true });
});

describe('the Jaeger binary npm start runs', () => {
  test('when the cache holds it, then it is used without Go', async () => {
    const cached = jaegerBinaryPath(cacheRoot);
    await mkdir(join(cached, '..'), { recursive: true });
    await writeFile(cached, '');
    process.env.PATH = cacheRoot;
    const said: string[] = [];

    await expect(resolveJaegerBinary({ cacheRoot, onBuildStart: (line) => said.push(line) })).resolves.toBe(cached);
    expect(said).toEqual([]);
  });

  test('when it must be built and go is not on PATH, then the error says Go is needed and how to do without', async () => {
    process.env.PATH = cacheRoot;
    const said: string[] = [];

    await expect(resolveJaegerBinary({ cacheRoot, onBuildStart: (line) => said.push(line) })).rejects.toThrow(
      /ATALAIA_JAEGER needs Go .* on PATH to build Jaeger v1\.76\.0 once; or set ATALAIA_JAEGER_BINARY/,
    );
    expect(said).toEqual([`building Jaeger v1.76.0 from its Go module, once: a few minutes (cached in ${join(cacheRoot, 'jaeger', 'v1.76.0')})`]);
  });

  test('when ATALAIA_JAEGER_BINARY names a file, then that file is used; when it names none, then that is the error', async () => {
    const own = join(cacheRoot, 'my-jaeger');
    await writeFile(own, '');
    process.env.ATALAIA_JAEGER_BINARY = own;
    await expect(resolveJaegerBinary({ cacheRoot })).resolves.toBe(own);

    process.env.ATALAIA_JAEGER_BINARY = join(cacheRoot, 'missing');
    await expect(resolveJaegerBinary({ cacheRoot })).rejects.toThrow(/ATALAIA_JAEGER_BINARY=.*missing: no such file/);
  });
});
