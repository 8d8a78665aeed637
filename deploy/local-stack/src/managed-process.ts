import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface ManagedProcess {
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  /** Resolves once stdout/stderr are drained too, so the log tail is complete. */
  readonly closed: Promise<void>;
  hasExited(): boolean;
  logTail(): string;
  /** Sends `signal`, escalates to SIGKILL after `graceMs`; idempotent. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<ExitInfo>;
}

export interface ManageOptions {
  onLog?: (line: string) => void;
  /** Sent synchronously if this Node process exits while the child still runs. */
  exitSignal: NodeJS.Signals;
  tailLines?: number;
}

const running = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;

// A child left behind by a crashed test run would hold its ports and data dir.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, signal] of running) child.kill(signal);
  });
}

function pipeLines(stream: Readable | null, onLine: (line: string) => void): Promise<void> {
  if (stream === null) return Promise.resolve();
  return new Promise((resolve) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', onLine);
    lines.on('close', resolve);
  });
}

function waitForExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      // 'error' without a pid means the spawn itself failed and no 'exit' follows.
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function manageProcess(child: ChildProcess, options: ManageOptions): ManagedProcess {
  const tailLines = options.tailLines ?? 200;
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > tailLines) tail.shift();
    options.onLog?.(line);
  };
  let exitInfo: ExitInfo | undefined;
  const exited = waitForExit(child).then((info) => {
    exitInfo = info;
    running.delete(child);
    return info;
  });
  const closed = Promise.all([pipeLines(child.stdout, onLine), pipeLines(child.stderr, onLine)]).then(
    () => undefined,
  );
  installExitHook();
  running.set(child, options.exitSignal);

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (signal: NodeJS.Signals, graceMs: number): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (exitInfo) return exitInfo;
      child.kill(signal);
      const graceful = await withTimeout(exited, graceMs);
      if (graceful) return graceful;
      child.kill('SIGKILL');
      return exited;
    })();
    return stopping;
  };

  return {
    pid: child.pid ?? -1,
    exited,
    closed,
    hasExited: () => exitInfo !== undefined,
    logTail: () => tail.join('\n'),
    stop,
  };
}

export function describeExit(info: ExitInfo): string {
  if (info.error) return `failed to start: ${info.error.message}`;
  return info.signal ? `was killed by ${info.signal}` : `exited with code ${String(info.code)}`;
}

/** Waits `ms`, or less if the process exits first. */
export function pause(ms: number, process: ManagedProcess): Promise<unknown> {
  return withTimeout(process.exited, ms);
}
