import { z } from 'zod';
import { ConfigError, configFields, loadConfig } from '../src';

const schema = z.object({ PORT: configFields.port(8000), KAFKA_BROKERS: configFields.kafkaBrokers() });

describe('loadConfig', () => {
  it('when variables are absent, then defaults apply', () => {
    expect(loadConfig(schema, {})).toEqual({ PORT: 8000, KAFKA_BROKERS: ['127.0.0.1:9092'] });
  });

  it('when a broker list is given, then it is split and trimmed', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('when a value is invalid, then boot fails naming the variable', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(/PORT/);
  });
});
