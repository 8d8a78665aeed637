import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertPortFree, getFreePorts } from './free-port';
import { resolveJaegerBinary } from './jaeger-build';
import { jaegerArgs, jaegerConfigYaml, type JaegerPorts } from './jaeger-config';
import { describeExit, manageProcess, pause, type ManagedProcess } from './managed-process';

export interface JaegerOptions {
  /** Where its generated config file goes (traces stay in memory). */
  dataDir: string;
  /** Ports on 127.0.0.1; OTLP/HTTP and query default to free ports, OTLP/gRPC to none. */
  otlpHttpPort?: number;
  queryPort?: number;
  otlpGrpcPort?: number;
  /** Where a binary built on the first run is cached; default <repo>/.atalaia. */
  cacheRoot?: string;
  onBuildStart?: (message: string) => void;
  onLog?: (line: string) => void;
}

export interface RunningJaeger {
  /** Base URL of OTLP/HTTP: traces go to `${otlpHttpUrl}/v1/traces`. */
  readonly otlpHttpUrl: string;
  /** Base URL of the query service: `${queryUrl}/api/traces/<traceId>`. */
  readonly queryUrl: string;
  readonly ports: JaegerPorts;
  readonly pid: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const PROBE_INTERVAL_MS = 100;

/** Starts a real Jaeger (v2, memory storage), built and cached on the first call; resolves once it takes spans and answers queries. */
export async function startJaeger(opts: JaegerOptions): Promise<RunningJaeger> {
  const binary = await resolveJaegerBinary({ cacheRoot: opts.cacheRoot, onBuildStart: opts.onBuildStart });
  const ports = await choosePorts(opts);
  await Promise.all([ports.otlpHttp, ports.query, ports.otlpGrpc].filter((port) => port !== undefined).map(assertPortFree));
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const configFile = join(dataDir, 'config.yaml');
  await writeFile(configFile, jaegerConfigYaml(ports, { host: HOST }));

  const jaeger = manageProcess(spawn(binary, jaegerArgs(configFile), { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] }), {
    exitSignal: 'SIGKILL',
    onLog: opts.onLog,
  });
  const otlpHttpUrl = `http://${HOST}:${ports.otlpHttp}`;
  const queryUrl = `http://${HOST}:${ports.query}`;
  try {
    await waitUntilReady(jaeger, otlpHttpUrl, queryUrl);
  } catch (error) {
    await jaeger.stop('SIGKILL', 0);
    await jaeger.closed;
    throw new Error(`${(error as Error).message}\n--- last Jaeger log lines ---\n${jaeger.logTail()}`);
  }
  return {
    otlpHttpUrl,
    queryUrl,
    ports,
    pid: jaeger.pid,
    stop: async () => {
      await jaeger.stop('SIGTERM', STOP_GRACE_MS);
    },
  };
}

async function choosePorts(opts: JaegerOptions): Promise<JaegerPorts> {
  const [freeHttp, freeQuery] = await getFreePorts(2);
  const otlpHttp = opts.otlpHttpPort || freeHttp;
  const query = opts.queryPort || freeQuery;
  if (otlpHttp === undefined || query === undefined) throw new Error('no free ports on 127.0.0.1');
  return opts.otlpGrpcPort ? { otlpHttp, query, otlpGrpc: opts.otlpGrpcPort } : { otlpHttp, query };
}

async function waitUntilReady(jaeger: ManagedProcess, otlpHttpUrl: string, queryUrl: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (jaeger.hasExited()) throw new Error(`Jaeger ${describeExit(await jaeger.exited)} before it was ready`);
    const answer = await probe(otlpHttpUrl, queryUrl);
    if (answer === true) return;
    lastError = answer;
    await pause(PROBE_INTERVAL_MS, jaeger);
  }
  throw new Error(`Jaeger not ready after ${START_TIMEOUT_MS} ms (${lastError})`);
}

/** true once the query API answers and the OTLP receiver accepts an (empty) export, else the reason it does not yet. */
async function probe(otlpHttpUrl: string, queryUrl: string): Promise<true | string> {
  try {
    const services = await fetch(`${queryUrl}/api/services`, { signal: AbortSignal.timeout(2_000) });
    if (!services.ok) return `query API answered ${services.status}`;
    const accepted = await fetch(`${otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return accepted.ok ? true : `OTLP receiver answered ${accepted.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}
