import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** The settings `kafkaSecurityConfigFields` reads (packages/config). */
export interface KafkaSecuritySettings {
  KAFKA_SASL_MECHANISM: 'none' | 'plain' | 'scram-sha-256' | 'scram-sha-512';
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_TLS: boolean;
  KAFKA_TLS_CA_FILE?: string | undefined;
}

export class KafkaSecurityError extends Error {
  override readonly name = 'KafkaSecurityError';
}

/**
 * The kafkajs `sasl` and `ssl` options for a service's settings: none for
 * the local stack; SASL needs both a username and a password; a CA file is
 * read once, at start, and only with TLS on.
 */
export function kafkaSecurityOf(settings: KafkaSecuritySettings, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = settings;
  if (settings.KAFKA_TLS_CA_FILE && !settings.KAFKA_TLS) throw new KafkaSecurityError('KAFKA_TLS_CA_FILE is set but KAFKA_TLS is not: set KAFKA_TLS=true');
  const ssl = settings.KAFKA_TLS ? (settings.KAFKA_TLS_CA_FILE ? { ca: [readFile(settings.KAFKA_TLS_CA_FILE)] } : true) : undefined;
  if (mechanism === 'none') {
    if (username || password) throw new KafkaSecurityError('KAFKA_SASL_USERNAME/PASSWORD are set but KAFKA_SASL_MECHANISM is none');
    return ssl ? { ssl } : {};
  }
  if (!username || !password) throw new KafkaSecurityError(`KAFKA_SASL_MECHANISM ${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  // One literal per mechanism: kafkajs types each mechanism's options apart.
  const sasl = { mechanism, username, password } as SASLOptions;
  return { sasl, ...(ssl ? { ssl } : {}) };
}
