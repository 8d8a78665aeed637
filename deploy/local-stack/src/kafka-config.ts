import { randomBytes } from 'node:crypto';

export interface BrokerConfig {
  port: number;
  controllerPort: number;
  logDir: string;
  /** A second client listener that authenticates by SASL (SCRAM-SHA-512/256 or PLAIN), as Strimzi's are. */
  sasl?: SaslListenerConfig | undefined;
}

export interface SaslListenerConfig {
  port: number;
  users: SaslUser[];
  /** A PKCS12 keystore to serve TLS from: the listener becomes SASL_SSL, as Strimzi's `tls: true` listeners are. */
  tls?: { keystoreFile: string; password: string } | undefined;
}

export interface SaslUser {
  username: string;
  password: string;
}

/** The mechanisms the SASL listener accepts; SCRAM credentials are written at format time (`scramCredentialArguments`). */
export const SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;

const NODE_ID = 1;

export function serverProperties({ port, controllerPort, logDir, sasl }: BrokerConfig): string {
  const saslProtocol = sasl?.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  const saslListener = sasl ? `,${saslProtocol}://127.0.0.1:${sasl.port}` : '';
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${saslListener}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}${saslListener}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${sasl ? `,${saslProtocol}:${saslProtocol}` : ''}`,
    ...(sasl ? saslListenerSettings(sasl) : {}),
    'log.dirs': logDir,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'auto.create.topics.enable': false,
    'delete.topic.enable': true,
    'offsets.topic.replication.factor': 1,
    // The first consumer group join creates this topic; 50 partitions (the default) take seconds.
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'group.initial.rebalance.delay.ms': 0,
    'auto.leader.rebalance.enable': false,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 2,
    'log.segment.bytes': 64 * 1024 * 1024,
    'log.retention.hours': 24,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')}\n`;
}

function saslListenerSettings(sasl: SaslListenerConfig): Record<string, string> {
  const prefix = sasl.tls ? 'listener.name.sasl_ssl' : 'listener.name.sasl_plaintext';
  const plainUsers = sasl.users.map(({ username, password }) => `user_${plainToken(username)}="${plainToken(password)}"`).join(' ');
  const tls = sasl.tls
    ? {
        [`${prefix}.ssl.keystore.type`]: 'PKCS12',
        [`${prefix}.ssl.keystore.location`]: sasl.tls.keystoreFile,
        [`${prefix}.ssl.keystore.password`]: plainToken(sasl.tls.password),
        [`${prefix}.ssl.key.password`]: sasl.tls.password,
      }
    : {};
  return {
    ...tls,
    'sasl.enabled.mechanisms': SASL_MECHANISMS.join(','),
    [`${prefix}.plain.sasl.jaas.config`]: `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    [`${prefix}.scram-sha-512.sasl.jaas.config`]: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    [`${prefix}.scram-sha-256.sasl.jaas.config`]: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  };
}

/** StorageTool `format` arguments that store each user's SCRAM credentials in the cluster metadata (KRaft has no ZooKeeper to hold them). */
export function scramCredentialArguments(users: SaslUser[]): string[] {
  return users.flatMap(({ username, password }) =>
    ['SCRAM-SHA-512', 'SCRAM-SHA-256'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${plainToken(username)},password=${plainToken(password)}]`]),
  );
}

/** Names and passwords go unquoted into StorageTool's `[name=…,password=…]` and quoted into JAAS: letters, digits, `.`, `_` and `-` only. */
function plainToken(value: string): string {
  if (!/^[\w.-]+$/.test(value)) throw new Error(`SASL user names and passwords of the local broker may hold only letters, digits, '.', '_' and '-': ${JSON.stringify(value)}`);
  return value;
}

/** Log4j 2 (Kafka 4 logs through it), as properties: Log4j 2 reads that format with no extra jar. */
export function log4j2Properties(): string {
  // Per-partition state changes flood the log on every topic creation.
  const quiet = ['state.change.logger', 'kafka.cluster', 'kafka.log', 'org.apache.kafka.storage.internals.log'];
  return [
    'status=warn',
    'appender.stdout.type=Console',
    'appender.stdout.name=STDOUT',
    'appender.stdout.layout.type=PatternLayout',
    'appender.stdout.layout.pattern=[%d] %p %m (%c)%n',
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.stdout.ref=STDOUT',
    ...quiet.flatMap((name, index) => [`logger.quiet${index}.name=${name}`, `logger.quiet${index}.level=WARN`]),
    '',
  ].join('\n');
}

/** A cluster id as Kafka's own Uuid.randomUuid() prints it (22 chars, base64url). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // A leading '-' would be parsed by StorageTool as an option.
    if (!id.startsWith('-')) return id;
  }
}
