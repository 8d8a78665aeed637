import { NFPA_1710_TARGETS } from '@atalaia/contracts';
import { loadDispatchConfig } from '../src/config';

const required = { DATABASE_URL: 'postgres://localhost/dispatch', KAFKA_BROKERS: 'localhost:9092', ACCESS_CONTEXT_SIGNING_KEY: 'a-key-of-at-least-thirty-two-characters' };

describe('response-time targets configuration', () => {
  it('when RESPONSE_TARGETS is not set, then the NFPA 1710 targets are the default', () => {
    expect(loadDispatchConfig(required).RESPONSE_TARGETS).toEqual({ default: NFPA_1710_TARGETS });
  });

  it('when RESPONSE_TARGETS is JSON per agency, then it is parsed as given', () => {
    const targets = { default: { turnoutSeconds: 60, travelSeconds: 300 }, 'cb-lisboa': { turnoutSeconds: 90, travelSeconds: 480 } };
    expect(loadDispatchConfig({ ...required, RESPONSE_TARGETS: JSON.stringify(targets) }).RESPONSE_TARGETS).toEqual(targets);
  });

  it.each([['not json'], ['{"default":{"turnoutSeconds":-1,"travelSeconds":240}}'], ['{"default":{"turnoutSeconds":80}}']])(
    'when RESPONSE_TARGETS is %s, then the service refuses to start',
    (value) => {
      expect(() => loadDispatchConfig({ ...required, RESPONSE_TARGETS: value })).toThrow(/RESPONSE_TARGETS/);
    },
  );
});
