import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { assertPortFree, getFreePorts } from './free-port';
import { resolveKafkaClasspath } from './kafka-classpath';
import { log4j2Properties, newClusterId, scramCredentialArguments, serverProperties, type SaslUser } from './kafka-config';
import { describeExit, manageProcess, pause, type ManagedProcess } from './managed-process';

export { resolveKafkaClasspath } from './kafka-classpath';

export interface KafkaBrokerOptions {
  dataDir: string;
  port?: number;
  controllerPort?: number;
  heapMb?: number;
  onLog?: (line: string) => void;
  /**
   * Also listen on a SASL_PLAINTEXT port for these users (SCRAM-SHA-512,
   * SCRAM-SHA-256 and PLAIN), as a Strimzi cluster's clients authenticate.
   * SCRAM credentials are stored when the data directory is formatted.
   */
  saslUsers?: SaslUser[];
  /** Serve that listener over TLS (SASL_SSL) with a self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
  saslTls?: boolean;
}

export interface RunningKafkaBroker {
  readonly brokers: string[];
  /** The SASL listener's bootstrap address, when `saslUsers` was given. */
  readonly saslBrokers: string[];
  /** With `saslTls`: the PEM file of the listener's certificate, for a client's KAFKA_TLS_CA_FILE. */
  readonly tlsCaFile: string | undefined;
  readonly port: number;
  readonly controllerPort: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;
const PROBE_INTERVAL_MS = 250;

export async function startKafkaBroker(opts: KafkaBrokerOptions): Promise<RunningKafkaBroker> {
  const classpath = await resolveKafkaClasspath();
  const dataDir = resolve(opts.dataDir);
  const logDir = join(dataDir, 'kraft-logs');
  await mkdir(logDir, { recursive: true });
  const { port, controllerPort, saslPort } = await choosePorts(opts);
  await Promise.all([assertPortFree(port), assertPortFree(controllerPort)]);
  const configFile = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j2.properties');
  const tls = opts.saslUsers && opts.saslTls ? await selfSignedKeystore(dataDir, opts.onLog) : undefined;
  const sasl = opts.saslUsers ? { port: saslPort, users: opts.saslUsers, tls } : undefined;
  await writeFile(configFile, serverProperties({ port, controllerPort, logDir, sasl }));
  await writeFile(log4jFile, log4j2Properties());
  const jvm = { classpath, dataDir, log4jFile, onLog: opts.onLog };

  const metaFile = join(logDir, 'meta.properties');
  if (!existsSync(metaFile)) {
    await runJava({ ...jvm, heapMb: 256 }, ['kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', configFile, ...scramCredentialArguments(opts.saslUsers ?? [])]);
  }
  const clusterId = await readClusterId(metaFile);

  const broker = spawnJava({ ...jvm, heapMb: opts.heapMb ?? 512 }, ['kafka.Kafka', configFile]);
  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitUntilReady(broker, brokers, clusterId);
  } catch (error) {
    await broker.stop('SIGKILL', 0);
    await broker.closed;
    throw new Error(`${(error as Error).message}\n--- last broker log lines ---\n${broker.logTail()}`);
  }
  return {
    brokers,
    saslBrokers: sasl ? [`127.0.0.1:${sasl.port}`] : [],
    tlsCaFile: tls?.certificateFile,
    port,
    controllerPort,
    pid: broker.pid,
    stop: async () => {
      await broker.stop('SIGTERM', STOP_GRACE_MS);
    },
  };
}

/** The client and controller ports, and with `saslUsers` the SASL listener's (always a free one). */
async function choosePorts(opts: KafkaBrokerOptions): Promise<{ port: number; controllerPort: number; saslPort: number }> {
  const free = await getFreePorts(3);
  const port = opts.port || free[0];
  const controllerPort = opts.controllerPort || free.find((candidate) => candidate !== port);
  const saslPort = free.find((candidate) => candidate !== port && candidate !== controllerPort);
  if (port === undefined || controllerPort === undefined || saslPort === undefined) throw new Error('no free ports on 127.0.0.1');
  return { port, controllerPort, saslPort };
}

interface JvmOptions {
  classpath: string;
  dataDir: string;
  log4jFile: string;
  heapMb: number;
  onLog: ((line: string) => void) | undefined;
}

function spawnJava(jvm: JvmOptions, args: string[]): ManagedProcess {
  const child = spawn(
    'java',
    [
      `-Xmx${jvm.heapMb}m`,
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${jvm.log4jFile}`,
      '-cp',
      jvm.classpath,
      ...args,
    ],
    { cwd: jvm.dataDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return manageProcess(child, { onLog: jvm.onLog, exitSignal: 'SIGKILL' });
}

async function runJava(jvm: JvmOptions, args: string[]): Promise<void> {
  const tool = spawnJava(jvm, args);
  const exit = await tool.exited;
  await tool.closed;
  if (exit.code !== 0) {
    throw new Error(`java ${args.join(' ')} ${describeExit(exit)}\n${tool.logTail()}`);
  }
}

const KEYSTORE_PASSWORD = 'atalaia-local-broker';

/** A PKCS12 keystore holding a self-signed certificate for 127.0.0.1, and that certificate as PEM (the client's CA). Made once per data directory. */
async function selfSignedKeystore(dataDir: string, onLog: ((line: string) => void) | undefined) {
  const keystoreFile = join(dataDir, 'broker-tls.p12');
  const certificateFile = join(dataDir, 'broker-tls-ca.pem');
  const keytool = async (args: string[]) => {
    const tool = manageProcess(spawn('keytool', [...args, '-keystore', keystoreFile, '-storepass', KEYSTORE_PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] }), { onLog, exitSignal: 'SIGKILL' });
    const exit = await tool.exited;
    await tool.closed;
    if (exit.code !== 0) throw new Error(`keytool ${args[0]} ${describeExit(exit)}\n${tool.logTail()}`);
  };
  if (!existsSync(certificateFile)) {
    await keytool(['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '30', '-dname', 'CN=127.0.0.1', '-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-storetype', 'PKCS12']);
    await keytool(['-exportcert', '-alias', 'broker', '-rfc', '-file', certificateFile]);
  }
  return { keystoreFile, password: KEYSTORE_PASSWORD, certificateFile };
}

async function readClusterId(metaFile: string): Promise<string> {
  const match = /^cluster\.id=(.+)$/m.exec(await readFile(metaFile, 'utf8'));
  if (!match?.[1]) throw new Error(`${metaFile} holds no cluster.id`);
  return match[1].trim();
}

async function waitUntilReady(broker: ManagedProcess, brokers: string[], clusterId: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (broker.hasExited()) {
      throw new Error(`Kafka broker ${describeExit(await broker.exited)} before it was ready`);
    }
    const answer = await probe(brokers, clusterId);
    if (answer === true) return;
    lastError = answer;
    await pause(PROBE_INTERVAL_MS, broker);
  }
  throw new Error(`Kafka broker on ${brokers.join(',')} not ready after ${START_TIMEOUT_MS} ms (${lastError})`);
}

/**
 * true once our broker serves metadata requests, else the reason it does not
 * yet. The cluster id tells our broker apart from another one on the same port.
 */
async function probe(brokers: string[], clusterId: string): Promise<true | string> {
  const admin = new Kafka({
    clientId: 'atalaia-local-stack-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.clusterId !== clusterId) return `cluster ${cluster.clusterId} answers, not ${clusterId}`;
    if (cluster.brokers.length === 0) return 'no broker registered';
    await admin.listTopics();
    return true;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
