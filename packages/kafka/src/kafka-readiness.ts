import type { Kafka } from 'kafkajs';
import { KeptAdminConnection } from './kept-admin';

/**
 * The Kafka readiness check: one admin connection kept for the life of the
 * service, asked for cluster metadata on each check, instead of a connection
 * opened per probe. A failed check drops the connection so the next one
 * starts afresh; `close()` belongs in the service's stop.
 */
export class KafkaReadinessCheck {
  private readonly admin: KeptAdminConnection;

  constructor(kafka: Kafka) {
    this.admin = new KeptAdminConnection(kafka, { retry: { retries: 0 } });
  }

  readonly isReachable = async (): Promise<boolean> => {
    try {
      await this.admin.use((admin) => admin.describeCluster());
      return true;
    } catch {
      return false;
    }
  };

  close(): Promise<void> {
    return this.admin.close();
  }
}
