import type { Admin, Consumer, Kafka, Producer, RequestEvent } from 'kafkajs';
import { Counter, metricsRegistry } from '@atalaia/telemetry';

const kafkaRequests = new Counter({
  name: 'atalaia_kafka_requests_total',
  help: 'Requests this process sent to Kafka brokers, by client kind and API (Produce, Fetch, OffsetCommit, Heartbeat, …)',
  labelNames: ['client', 'api'],
  registers: [metricsRegistry],
});

type Instrumented = Pick<Producer | Consumer | Admin, 'on' | 'events'>;

function countRequests<T extends Instrumented>(client: T, kind: 'producer' | 'consumer' | 'admin'): T {
  (client.on as (event: string, listener: (event: RequestEvent) => void) => void)(client.events.REQUEST, (event) =>
    kafkaRequests.inc({ client: kind, api: event.payload.apiName }),
  );
  return client;
}

/**
 * Makes every producer, consumer and admin the client creates count its
 * requests by API (kafkajs's instrumentation events), so the bench can show
 * the requests each command costs per hop.
 */
export function countKafkaRequests(kafka: Kafka): Kafka {
  const producer = kafka.producer.bind(kafka);
  const consumer = kafka.consumer.bind(kafka);
  const admin = kafka.admin.bind(kafka);
  kafka.producer = (config) => countRequests(producer(config), 'producer');
  kafka.consumer = (config) => countRequests(consumer(config), 'consumer');
  kafka.admin = (config) => countRequests(admin(config), 'admin');
  return kafka;
}
