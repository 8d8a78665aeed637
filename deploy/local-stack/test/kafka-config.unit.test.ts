import { scramCredentialArguments, serverProperties } from '../src/kafka-config';

describe('the local broker configuration', () => {
  it('when no SASL users are asked for, then the broker has only its PLAINTEXT and CONTROLLER listeners', () => {
    const properties = serverProperties({ port: 9092, controllerPort: 9093, logDir: '/data' });
    expect(properties).toContain('listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093\n');
    expect(properties).not.toMatch(/sasl/i);
  });

  it('when SASL users are asked for, then a SASL_PLAINTEXT listener accepts SCRAM and PLAIN, and the format step stores both SCRAM credentials of each user', () => {
    const users = [{ username: 'atalaia-relay', password: 'relay-pw' }];
    const properties = serverProperties({ port: 9092, controllerPort: 9093, logDir: '/data', sasl: { port: 9094, users } });
    expect(properties).toContain('advertised.listeners=PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094\n');
    expect(properties).toContain('sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN\n');
    expect(properties).toContain('PlainLoginModule required user_atalaia-relay="relay-pw";');
    expect(scramCredentialArguments(users)).toEqual([
      '--add-scram', 'SCRAM-SHA-512=[name=atalaia-relay,password=relay-pw]',
      '--add-scram', 'SCRAM-SHA-256=[name=atalaia-relay,password=relay-pw]',
    ]);
  });

  it('when the SASL listener is given a keystore, then it is a SASL_SSL listener serving that keystore', () => {
    const tls = { keystoreFile: '/data/broker-tls.p12', password: 'store-pw' };
    const properties = serverProperties({ port: 9092, controllerPort: 9093, logDir: '/data', sasl: { port: 9094, users: [], tls } });
    expect(properties).toContain('SASL_SSL://127.0.0.1:9094');
    expect(properties).toContain('listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL\n');
    expect(properties).toContain('listener.name.sasl_ssl.ssl.keystore.location=/data/broker-tls.p12\n');
    expect(properties).toContain('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=');
  });

  it('when a SASL password holds a character StorageTool or JAAS would read as syntax, then it is refused rather than mangled', () => {
    expect(() => scramCredentialArguments([{ username: 'relay', password: 'a,b]' }])).toThrow(/letters, digits/);
    expect(() => serverProperties({ port: 1, controllerPort: 2, logDir: '/d', sasl: { port: 3, users: [{ username: 'r', password: 'x"y' }] } })).toThrow(/letters, digits/);
  });
});
