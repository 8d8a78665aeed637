import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadJob, LoadResult } from './load-job';

const tsxLoader = pathToFileURL(createRequire(__filename).resolve('tsx')).href;

type LoadMessage = { ok: true; result: LoadResult } | { ok: false; error: string };

/** Runs one load job in a fresh child process and resolves with what it measured. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  const child = fork(path.join(__dirname, 'load-generator.ts'), [], { execArgv: ['--import', tsxLoader], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once('message', (message: LoadMessage) => {
      answered = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`the load generator failed: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      if (!answered) reject(new Error(`the load generator exited (${signal ?? `code ${code}`}) without a result`));
    });
    child.send(job);
  });
}
