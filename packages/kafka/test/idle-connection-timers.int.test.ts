import { createRequire } from 'node:module';
import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers } from '@atalaia/testing';

/**
 * kafkajs 2.2.4 rescheduled a 1 ms timer on every broker connection forever
 * after its first response (issues 1556, 1604, 1704): `throttledUntil` starts
 * at −1, so `scheduleCheckPendingRequests` always scheduled one more check.
 * The workspace patches it (patches/kafkajs@2.2.4.patch); this test counts,
 * on a real connection, how often the request queue wakes while idle.
 */
const kafkajsRequire = createRequire(require.resolve('kafkajs'));
const RequestQueue = kafkajsRequire('./src/network/requestQueue') as { prototype: { checkPendingRequests(): void } };

describe('kafkajs request queue on an idle connection (patched)', () => {
  it('when a connection has answered and then sits idle, then its request queue does not wake every millisecond', async () => {
    const kafka = new Kafka({ clientId: 'idle-timers-test', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const original = RequestQueue.prototype.checkPendingRequests;
    let wakeUps = 0;
    RequestQueue.prototype.checkPendingRequests = function (this: unknown) {
      wakeUps += 1;
      return original.call(this);
    };
    try {
      await admin.connect();
      await admin.listTopics();
      wakeUps = 0;

      // Idle: no request is made for half a second. Unpatched, each connection's queue checks ~400 times in it.
      await new Promise((resolve) => setTimeout(resolve, 500));

      expect(wakeUps).toBe(0);
      // And the connection still works: a request after the idle time is answered.
      await expect(admin.listTopics()).resolves.toEqual(expect.any(Array));
    } finally {
      RequestQueue.prototype.checkPendingRequests = original;
      await admin.disconnect();
    }
  });
});
