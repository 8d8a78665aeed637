import { canonicalJson, fingerprint } from '../src/canonical-json';

describe('canonical JSON fingerprint', () => {
  it('when keys are ordered differently at any depth, then the fingerprint is the same', () => {
    const a = { externalId: 'EXT-1', nested: { b: 2, a: [1, { y: 1, x: 2 }] } };
    const b = { nested: { a: [1, { x: 2, y: 1 }], b: 2 }, externalId: 'EXT-1' };
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it('when insignificant whitespace differs in the original text, then the fingerprint is the same', () => {
    const compact = JSON.parse('{"type":"incendio_urbano","description":"x"}');
    const spaced = JSON.parse('{\n  "description" : "x",\n\t"type": "incendio_urbano"\n}');
    expect(fingerprint(compact)).toBe(fingerprint(spaced));
  });

  it('when a value, array order or string whitespace differs, then the fingerprint differs', () => {
    const base = fingerprint({ a: [1, 2], s: 'x' });
    expect(fingerprint({ a: [2, 1], s: 'x' })).not.toBe(base);
    expect(fingerprint({ a: [1, 2], s: 'x ' })).not.toBe(base);
    expect(fingerprint({ a: [1, 2], s: 'y' })).not.toBe(base);
  });

  it('when serialising, then the output is compact, sorted JSON that parses back to the same value', () => {
    const value = { b: 'é', a: null, c: [true, 1.5] };
    expect(canonicalJson(value)).toBe('{"a":null,"b":"é","c":[true,1.5]}');
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
