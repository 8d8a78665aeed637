import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kafkaVersion } from '../src/kafka-classpath';
import { findRepoRoot } from '../src/repo-root';

const root = findRepoRoot(__dirname);
const read = (...path: string[]) => readFile(join(root, ...path), 'utf8');

describe('the Kafka broker version', () => {
  test('when docker-compose runs Kafka, then its image is the broker version deploy/kafka/pom.xml pins for the local stack', async () => {
    const [pom, compose] = await Promise.all([read('deploy', 'kafka', 'pom.xml'), read('docker-compose.yml')]);

    const images = [...compose.matchAll(/^\s*image:\s*apache\/kafka:(\S+)/gm)].map((match) => match[1]);

    expect(images).toEqual([kafkaVersion(pom)]);
  });
});
