import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import type { Logger } from '@atalaia/telemetry';
import { isFatalProducerError, sendFailureKind } from './broker-errors';
import { outboxProducerRebuilds } from './outbox-metrics';

/** Connects a new idempotent producer; the relay calls it again to replace one that failed. */
export type ProducerFactory = () => Promise<Producer>;

export type RelayCompression = 'none' | 'gzip';

export interface TopicRecords {
  topic: string;
  messages: Message[];
}

export interface RelayProducerOptions {
  connect: ProducerFactory;
  compression: RelayCompression;
  source: string;
  logger: Logger;
}

const DISCONNECT_TIMEOUT_MS = 5_000;

/**
 * The producer one source publishes through. A producer that failed a send is
 * never used again: kafkajs keeps idempotence sequences in the client and, when
 * a request fails, rolls back the sequences of every partition in it, even of
 * partitions the broker appended. The next send may then be refused as out of
 * order for ever, or taken for a duplicate and silently dropped. So the failed
 * producer is disconnected and the next send connects a fresh one (new
 * producer id, sequences from zero); the relay resends what was not confirmed.
 */
export class RelayProducer {
  private current: Promise<Producer> | undefined;

  constructor(private readonly options: RelayProducerOptions) {}

  async send(topicMessages: TopicRecords[]): Promise<void> {
    const producer = await this.connected();
    try {
      await producer.sendBatch({
        acks: -1,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        topicMessages,
      });
    } catch (error) {
      await this.replace(error);
      throw error;
    }
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await disconnect(current);
  }

  private connected(): Promise<Producer> {
    this.current ??= this.options.connect().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  private async replace(error: unknown): Promise<void> {
    const failed = this.current;
    this.current = undefined;
    const kind = sendFailureKind(error);
    outboxProducerRebuilds.inc({ source: this.options.source, kind });
    const fatal = isFatalProducerError(error);
    this.options.logger[fatal ? 'error' : 'warn'](
      { err: error, kind, fatal },
      'Kafka producer failed a send; replacing it with a new one before the next send',
    );
    await disconnect(failed);
  }
}

async function disconnect(producer: Promise<Producer> | undefined): Promise<void> {
  if (!producer) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DISCONNECT_TIMEOUT_MS);
    timer.unref();
  });
  // A producer whose broker stopped answering may never finish disconnecting.
  await Promise.race([producer.then((p) => p.disconnect()).catch(() => undefined), timeout]);
  clearTimeout(timer);
}
