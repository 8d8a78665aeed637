import { apiKeyMatches, apiKeyPrefix, hashApiKey, issueApiKey } from '../src/domain/api-key';

describe('API keys', () => {
  it('when a key is issued, then its prefix is visible in it and only its hash is kept', () => {
    const issued = issueApiKey();
    expect(issued.key.startsWith(`${issued.prefix}_`)).toBe(true);
    expect(issued.hash).toBe(hashApiKey(issued.key));
    expect(issued.hash).not.toContain(issued.key.slice(issued.prefix.length + 1));
  });

  it('when two keys are issued, then they differ in prefix and secret', () => {
    const [a, b] = [issueApiKey(), issueApiKey()];
    expect(a.key).not.toBe(b.key);
    expect(a.prefix).not.toBe(b.prefix);
  });

  it('when a presented key is checked, then only the exact key matches its hash', () => {
    const issued = issueApiKey();
    expect(apiKeyMatches(issued.key, issued.hash)).toBe(true);
    expect(apiKeyMatches(`${issued.key.slice(0, -1)}x`, issued.hash)).toBe(false);
  });

  it('when a presented key is malformed, then it has no prefix to look up', () => {
    expect(apiKeyPrefix(issueApiKey().key)).toMatch(/^atk_[0-9a-f]{8}$/);
    for (const bad of ['', 'cbm_prova_2026_key', 'atk_1234_short', `atk_zzzzzzzz_${'a'.repeat(43)}`, `atk_12345678_${'a'.repeat(44)}`]) {
      expect(apiKeyPrefix(bad)).toBeNull();
    }
  });
});
