import type { Admin, Kafka } from 'kafkajs';

/**
 * The Kafka readiness check: one admin connection kept for the life of the
 * service, asked for cluster metadata on each check, instead of a connection
 * opened per probe. A failed check drops the connection so the next one
 * starts afresh; `close()` belongs in the service's stop.
 */
export class KafkaReadinessCheck {
  private admin: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  readonly isReachable = async (): Promise<boolean> => {
    try {
      this.admin ??= this.connect();
      await (await this.admin).describeCluster();
      return true;
    } catch {
      await this.close();
      return false;
    }
  };

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
