import { createKafkaClient, KafkaReadinessCheck } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { testKafkaBrokers } from '@atalaia/testing';

const logger = createLogger('readiness-test', 'silent');

describe('Kafka readiness check', () => {
  it('when checked again and again against a live broker, then it answers up over one admin connection', async () => {
    const kafka = createKafkaClient({ clientId: 'readiness-test', brokers: testKafkaBrokers(), logger });
    const admins = jest.spyOn(kafka, 'admin');
    const readiness = new KafkaReadinessCheck(kafka);
    try {
      for (let check = 0; check < 20; check += 1) expect(await readiness.isReachable()).toBe(true);
      expect(admins).toHaveBeenCalledTimes(1);
    } finally {
      await readiness.close();
    }
  });

  it('when no broker answers, then it answers down and the next check starts from a fresh connection', async () => {
    const kafka = createKafkaClient({ clientId: 'readiness-test', brokers: ['127.0.0.1:1'], logger });
    const admins = jest.spyOn(kafka, 'admin');
    const readiness = new KafkaReadinessCheck(kafka);
    try {
      expect(await readiness.isReachable()).toBe(false);
      expect(await readiness.isReachable()).toBe(false);
      expect(admins).toHaveBeenCalledTimes(2);
    } finally {
      await readiness.close();
    }
  });
});
