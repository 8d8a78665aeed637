import { occurrenceIdFor, uuidV5 } from '../src';

describe('occurrence identity', () => {
  it('when a name is hashed in a namespace, then the result is the RFC version-5 UUID', () => {
    // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('when the same agency reports the same externalId, then the id is the same; another agency or externalId gets another', () => {
    const id = occurrenceIdFor('agency-a', 'EXT-1');
    expect(occurrenceIdFor('agency-a', 'EXT-1')).toBe(id);
    expect(occurrenceIdFor('agency-b', 'EXT-1')).not.toBe(id);
    expect(occurrenceIdFor('agency-a', 'EXT-2')).not.toBe(id);
    // The separator cannot appear in either part, so "a" + "b:c" never meets "a:b" + "c".
    expect(occurrenceIdFor('a', 'b:c')).not.toBe(occurrenceIdFor('a:b', 'c'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
