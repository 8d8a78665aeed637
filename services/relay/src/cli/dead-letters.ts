import { z } from 'zod';
import { configFields, kafkaSecurityConfigFields, loadConfig } from '@atalaia/config';
import { allTopics, topicNames } from '@atalaia/contracts';
import { countDeadLetters, createKafkaClient, deadLetterTopic, kafkaSecurityOf, readDeadLetters, redriveDeadLetters, summarizeDeadLetter } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';

const usage = `usage: dlq <command>
  list [topic]                    dead letters of one topic, or a count for every topic
  show <topic> <offset>           one dead letter in full
  redrive <topic> <offset>...     publish those back to <topic>
  redrive <topic> --all           publish all of them back
<topic> is a source topic, e.g. atalaia.occurrence.commands.v1 (its letters are in <topic>.dlq).`;

/** The operators' dead-letter tool: `npm run dlq -- …` (from the repository root) with KAFKA_BROKERS. */
async function main(): Promise<void> {
  const config = loadConfig(z.object({ KAFKA_BROKERS: configFields.kafkaBrokers(), ...kafkaSecurityConfigFields, KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace() }));
  const kafka = createKafkaClient({ clientId: 'atalaia-dlq-cli', brokers: config.KAFKA_BROKERS, security: kafkaSecurityOf(config), logger: createLogger('dlq', 'warn') });
  const [command, topic, ...rest] = process.argv.slice(2);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  switch (command) {
    case 'list':
      if (!topic) {
        const admin = kafka.admin();
        await admin.connect();
        const counts = await countDeadLetters(admin, allTopics(topicNames(config.KAFKA_TOPIC_NAMESPACE))).finally(() => admin.disconnect());
        for (const { topic: dlqTopic, count } of counts) print(`${dlqTopic}  ${count}`);
        return;
      }
      for (const letter of await readDeadLetters(kafka, topic)) {
        const l = summarizeDeadLetter(deadLetterTopic(topic), letter);
        print(`${l.offset}  ${l.failedAt}  ${l.code}  attempts=${l.attempts}  from ${l.originalTopic}[${l.originalPartition}]@${l.originalOffset}  ${l.messageType ?? ''}`);
      }
      return;
    case 'show': {
      const letter = topic && (await readDeadLetters(kafka, topic)).find((candidate) => candidate.offset === rest[0]);
      if (!letter) throw new Error(`no dead letter at offset ${rest[0]} of ${topic}.dlq`);
      print(JSON.stringify(letter, null, 2));
      return;
    }
    case 'redrive': {
      if (!topic || rest.length === 0) throw new Error(usage);
      const count = await redriveDeadLetters(kafka, topic, rest[0] === '--all' ? 'all' : rest);
      print(`re-published ${count} message(s) to ${topic}`);
      return;
    }
    default:
      throw new Error(usage);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
