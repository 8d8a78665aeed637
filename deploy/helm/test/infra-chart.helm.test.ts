import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allTopics, consumerGroupId, messageCatalog, topicNames } from '../../../packages/contracts/src/index';
import { atalaiaConsumers, deadLetterTopic } from '../../../packages/kafka/src/index';
import { deploymentsByService, envValue, mainContainer, named, ofKind, profiles, rendered, type Manifest } from './rendered-manifests';

/** What the app chart, rendered with the same profile, expects of the infrastructure. */
function appSide(profile: (typeof profiles)[number]) {
  const gateway = deploymentsByService(profile).get('gateway')!;
  return {
    namespace: envValue(gateway, 'KAFKA_TOPIC_NAMESPACE') ?? '',
    partitions: Number(envValue(gateway, 'KAFKA_TOPIC_PARTITIONS')),
    brokers: envValue(gateway, 'KAFKA_BROKERS') ?? '',
    sasl: mainContainer(gateway).env.some((variable) => variable.name === 'KAFKA_SASL_MECHANISM'),
  };
}

/** Operations a KafkaUser's ACLs allow on one resource. */
function allowed(user: Manifest, type: string, name?: string, patternType = 'literal'): string[] {
  const acls: Array<{ resource: { type: string; name?: string; patternType?: string }; operations: string[] }> = user.spec.authorization.acls;
  return acls
    .filter(({ resource }) => resource.type === type && resource.name === name && (resource.patternType ?? 'literal') === patternType)
    .flatMap((acl) => acl.operations);
}

for (const profile of profiles) {
  describe(`atalaia-infra, ${profile} values`, () => {
    const manifests = rendered(profile, 'atalaia-infra');
    const app = appSide(profile);
    const [kafka] = ofKind(manifests, 'Kafka');
    const topics = topicNames(app.namespace);

    it('when Strimzi owns a resource, then it carries strimzi.io/cluster naming the one Kafka cluster', () => {
      assert.equal(ofKind(manifests, 'Kafka').length, 1);
      const strimzi = manifests.filter((manifest) => manifest.apiVersion === 'kafka.strimzi.io/v1');
      assert.ok(strimzi.length > 1);
      for (const manifest of strimzi) {
        assert.equal(manifest.metadata.labels?.['strimzi.io/cluster'], kafka!.metadata.name, `${manifest.kind} ${manifest.metadata.name}`);
      }
    });

    it('when the contracts name a topic (topics.ts or the message catalog), then it and its .dlq have a KafkaTopic', () => {
      const byName = new Map(ofKind(manifests, 'KafkaTopic').map((topic) => [topic.spec.topicName as string, topic]));
      const catalogRoles = new Set(Object.values(messageCatalog).map((definition) => definition.topic));
      for (const role of catalogRoles) assert.ok(topics[role], `catalog topic role ${role} is in topics.ts`);
      for (const topic of allTopics(topics)) {
        assert.ok(byName.has(topic) && byName.has(deadLetterTopic(topic)), `${topic} and its .dlq have a KafkaTopic`);
        assert.equal(byName.get(topic)!.spec.partitions, app.partitions, `${topic}: the partitions the services are told`);
        assert.ok(byName.get(deadLetterTopic(topic))!.spec.partitions >= 1);
      }
      assert.equal(byName.size, allTopics(topics).length * 2, 'no KafkaTopic outside the contracts');
    });

    it('when the services connect, then the listener is the one their KAFKA_BROKERS and credentials expect', () => {
      const [listener] = kafka!.spec.kafka.listeners;
      assert.equal(app.brokers, `${kafka!.metadata.name}-kafka-bootstrap:${listener.port}`);
      assert.equal(listener.authentication?.type === 'scram-sha-512', app.sasl);
      assert.equal(kafka!.spec.kafka.config['auto.create.topics.enable'], false);
    });

    it('when a service has a database, then a CloudNativePG Cluster writes the Secret its DATABASE_URL reads', () => {
      const clusters = new Set(ofKind(manifests, 'Cluster').map((cluster) => `${cluster.metadata.name}-app`));
      for (const [service, deployment] of deploymentsByService(profile)) {
        const secrets = mainContainer(deployment)
          .env.filter((variable) => variable.valueFrom?.secretKeyRef?.key === 'uri')
          .map((variable) => variable.valueFrom.secretKeyRef.name as string);
        for (const secret of secrets) assert.ok(clusters.has(secret), `${service} reads ${secret}`);
      }
      assert.equal(clusters.size, 4);
      assert.equal(ofKind(manifests, 'Pooler').length, 0, 'the relay reaches each primary directly, never through a pooler');
    });

    if (!app.sasl) {
      it('when the listener takes no credentials, then no KafkaUser is made (ACLs would have no authorizer)', () => {
        assert.equal(ofKind(manifests, 'KafkaUser').length, 0);
        assert.equal(kafka!.spec.kafka.authorization, undefined);
      });
      return;
    }

    it('when a consumer of atalaiaConsumers runs, then its service user may read its group and topics and write their .dlq', () => {
      for (const { name, reads } of atalaiaConsumers) {
        const service = name.split('.')[0]!;
        const user = named(manifests, 'KafkaUser', `${kafka!.metadata.name}-${service}`);
        assert.ok(allowed(user, 'group', consumerGroupId(app.namespace, name)).includes('Read'), `${service} reads group ${name}`);
        for (const role of [reads].flat()) {
          assert.ok(allowed(user, 'topic', topics[role]).includes('Read'), `${name} reads ${topics[role]}`);
          assert.ok(allowed(user, 'topic', deadLetterTopic(topics[role])).includes('Write'), `${name} dead-letters to ${topics[role]}.dlq`);
        }
      }
    });

    it('when the relay publishes the outboxes, then it may write every topic, idempotently, and nobody else may', () => {
      const users = ofKind(manifests, 'KafkaUser');
      const relay = named(manifests, 'KafkaUser', `${kafka!.metadata.name}-relay`);
      for (const topic of allTopics(topics)) {
        assert.ok(allowed(relay, 'topic', topic).includes('Write'), topic);
        for (const user of users.filter((other) => other !== relay)) assert.ok(!allowed(user, 'topic', topic).includes('Write'), `${user.metadata.name} ${topic}`);
      }
      assert.deepEqual(allowed(relay, 'cluster'), ['IdempotentWrite']);
    });

    it("when the gateway feeds the live stream, then it may read groups under its instances' prefix", () => {
      const gateway = named(manifests, 'KafkaUser', `${kafka!.metadata.name}-gateway`);
      assert.ok(allowed(gateway, 'group', consumerGroupId(app.namespace, 'gateway.live-stream.'), 'prefix').includes('Read'));
    });
  });
}
