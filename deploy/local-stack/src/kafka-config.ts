import { randomBytes } from 'node:crypto';

export interface BrokerConfig {
  port: number;
  controllerPort: number;
  logDir: string;
}

const NODE_ID = 1;

export function serverProperties({ port, controllerPort, logDir }: BrokerConfig): string {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
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
