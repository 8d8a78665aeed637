import { allTopics, type Topics } from '@atalaia/contracts';
import { deadLetterTopic } from '@atalaia/kafka';

/**
 * The topic whose letters `dlqTopic` holds, when it is one of this
 * installation's dead-letter topics (`<topic>.dlq` of a topic in its
 * namespace); null for anything else, which operators may neither read nor
 * re-drive from.
 */
export function sourceOfDeadLetterTopic(topics: Topics, dlqTopic: string): string | null {
  return allTopics(topics).find((source) => deadLetterTopic(source) === dlqTopic) ?? null;
}
