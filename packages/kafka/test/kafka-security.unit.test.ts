import { kafkaSecurityOf, KafkaSecurityError } from '../src/kafka-security';

const none = { KAFKA_SASL_MECHANISM: 'none', KAFKA_TLS: false } as const;

describe('how a service authenticates to Kafka', () => {
  it('when nothing is set, then the client connects as the local stack does: no SASL, no TLS', () => {
    expect(kafkaSecurityOf(none)).toEqual({});
  });

  it('when SCRAM is set, as a Strimzi KafkaUser has it, then the client sends that mechanism with its username and password', () => {
    const settings = { ...none, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'atalaia-dispatch', KAFKA_SASL_PASSWORD: 's3cr3t' } as const;
    expect(kafkaSecurityOf(settings)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'atalaia-dispatch', password: 's3cr3t' } });
  });

  it('when TLS is on with the cluster CA, then the CA file is read once and trusted', () => {
    const read = jest.fn(() => '-----BEGIN CERTIFICATE-----');
    expect(kafkaSecurityOf({ ...none, KAFKA_TLS: true, KAFKA_TLS_CA_FILE: '/etc/kafka-ca/ca.crt' }, read)).toEqual({ ssl: { ca: ['-----BEGIN CERTIFICATE-----'] } });
    expect(read).toHaveBeenCalledWith('/etc/kafka-ca/ca.crt');
    expect(kafkaSecurityOf({ ...none, KAFKA_TLS: true })).toEqual({ ssl: true });
  });

  it('when the settings contradict each other, then the service does not start, naming what is missing', () => {
    expect(() => kafkaSecurityOf({ ...none, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u' })).toThrow(/KAFKA_SASL_PASSWORD/);
    expect(() => kafkaSecurityOf({ ...none, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(KafkaSecurityError);
    expect(() => kafkaSecurityOf({ ...none, KAFKA_TLS_CA_FILE: '/ca.crt' })).toThrow(/KAFKA_TLS=true/);
  });
});
