import type { Admin, AdminConfig, Kafka } from 'kafkajs';

/**
 * One admin connection kept for the life of a service and connected on first
 * use, instead of a connection opened per request. A failed use drops it, so
 * the next one starts afresh; `close()` belongs in the service's stop.
 */
export class KeptAdminConnection {
  private admin: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: AdminConfig = {},
  ) {}

  async use<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      this.admin ??= this.connect();
      return await work(await this.admin);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin(this.config);
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
