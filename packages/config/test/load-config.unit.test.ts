import { z } from 'zod';
import { ConfigError, configFields, databaseServiceConfigFields, loadConfig } from '../src';

const schema = z.object({ PORT: configFields.port(8000), KAFKA_BROKERS: configFields.kafkaBrokers() });

describe('loadConfig', () => {
  it('when variables are absent, then defaults apply', () => {
    expect(loadConfig(schema, {})).toEqual({ PORT: 8000, KAFKA_BROKERS: ['127.0.0.1:9092'] });
  });

  it('when a broker list is given, then it is split and trimmed', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('when the development API_KEY is empty, then it is unset; a short one still stops the boot', () => {
    const keySchema = z.object({ API_KEY: configFields.developmentApiKey() });
    expect(loadConfig(keySchema, { API_KEY: '' })).toEqual({ API_KEY: undefined });
    expect(loadConfig(keySchema, {})).toEqual({ API_KEY: undefined });
    expect(loadConfig(keySchema, { API_KEY: 'cbm_prova_2026_key' })).toEqual({ API_KEY: 'cbm_prova_2026_key' });
    expect(() => loadConfig(keySchema, { API_KEY: 'short' })).toThrow(/API_KEY/);
  });

  it('when a value is invalid, then boot fails naming the variable', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('database service configuration', () => {
  const signingKey = 'an-access-context-key-of-32-characters';

  it('when only DATABASE_URL and the signing key are given, then every other common setting has its default', () => {
    const config = loadConfig(z.object(databaseServiceConfigFields(8101)), { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', ACCESS_CONTEXT_SIGNING_KEY: signingKey });
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 8101,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_NAMESPACE: '',
      LOG_LEVEL: 'info',
      OUTBOX_RETENTION_HOURS: 24,
      PROCESSED_MESSAGE_RETENTION_HOURS: 168,
      RETENTION_PURGE_INTERVAL_SECONDS: 300,
    });
  });

  it('when the access-context signing key is missing or short, then boot fails naming it: services never run unsigned', () => {
    const database = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db' };
    expect(() => loadConfig(z.object(databaseServiceConfigFields(8101)), database)).toThrow(/ACCESS_CONTEXT_SIGNING_KEY/);
    expect(() => loadConfig(z.object(databaseServiceConfigFields(8101)), { ...database, ACCESS_CONTEXT_SIGNING_KEY: 'short' })).toThrow(/at least 32 characters/);
  });

  it('when DATABASE_URL is missing or not a Postgres URL, then boot fails naming it', () => {
    expect(() => loadConfig(z.object(databaseServiceConfigFields(8101)), {})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig(z.object(databaseServiceConfigFields(8101)), { DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
  });
});
