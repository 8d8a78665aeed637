import type { Admin, Kafka } from 'kafkajs';
import { allTopics, type Topics } from '@atalaia/contracts';
import { ProblemError } from '@atalaia/http';
import {
  atalaiaConsumerGroups,
  countDeadLetters,
  KeptAdminConnection,
  readConsumerLag,
  readDeadLetters,
  redriveDeadLetters,
  summarizeDeadLetter,
  type DeadLetterSummary,
} from '@atalaia/kafka';
import { sourceOfDeadLetterTopic } from './dead-letter-topics';
import type { PipelineOverview } from './operations-schemas';
import { fetchOutboxStatus } from './relay-outbox-status';

export interface PipelineOperationsOptions {
  kafka: Kafka;
  topics: Topics;
  topicNamespace: string;
  relayServiceUrl: string;
}

const kafkaUnavailable = (error: unknown) =>
  new ProblemError(503, 'UPSTREAM_UNAVAILABLE', 'Kafka is unavailable', `the broker did not answer: ${(error as Error).message}`);

/**
 * What the `operations` scope reads and does: the pipeline's health (outbox
 * backlog from the relay, consumer lag and dead-letter counts from the
 * broker's offsets) and the re-drive of dead letters. Installation-wide: the
 * messages belong to every agency.
 */
export class PipelineOperations {
  private readonly admin: KeptAdminConnection;

  constructor(private readonly options: PipelineOperationsOptions) {
    // Few retries: an operator waiting on a screen is better told at once that the broker is away.
    this.admin = new KeptAdminConnection(options.kafka, { retry: { retries: 2 } });
  }

  async overview(): Promise<PipelineOverview> {
    const checkedAt = new Date().toISOString();
    const { topics, topicNamespace, relayServiceUrl } = this.options;
    const [outbox, [consumers, deadLetters]] = await Promise.all([
      fetchOutboxStatus(relayServiceUrl),
      this.onBroker((admin) =>
        Promise.all([readConsumerLag(admin, atalaiaConsumerGroups(topicNamespace, topics)), countDeadLetters(admin, allTopics(topics))]),
      ),
    ]);
    return { outbox, consumers, deadLetters, checkedAt };
  }

  /** The most recent `limit` letters of `dlqTopic`, newest first. */
  async deadLetters(dlqTopic: string, limit: number): Promise<DeadLetterSummary[]> {
    const source = this.sourceOf(dlqTopic);
    const letters = await readDeadLetters(this.options.kafka, source).catch((error: unknown) => {
      throw kafkaUnavailable(error);
    });
    return letters.slice(-limit).reverse().map((letter) => summarizeDeadLetter(dlqTopic, letter));
  }

  /**
   * Publishes the letters at `offsets` back to the topic they came from, with
   * their message ids: a consumer that already applied one skips it, so a
   * repeated re-drive is harmless. Offsets with no letter are ignored.
   */
  async redrive(dlqTopic: string, offsets: string[]): Promise<number> {
    const source = this.sourceOf(dlqTopic);
    return redriveDeadLetters(this.options.kafka, source, [...new Set(offsets)]).catch((error: unknown) => {
      throw kafkaUnavailable(error);
    });
  }

  close(): Promise<void> {
    return this.admin.close();
  }

  private sourceOf(dlqTopic: string): string {
    const source = sourceOfDeadLetterTopic(this.options.topics, dlqTopic);
    if (!source) {
      throw new ProblemError(404, 'DEAD_LETTER_TOPIC_NOT_FOUND', 'No such dead-letter topic', `${dlqTopic} is not a dead-letter topic of this installation`);
    }
    return source;
  }

  private onBroker<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    return this.admin.use(work).catch((error: unknown) => {
      throw kafkaUnavailable(error);
    });
  }
}
