import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorExplanations, explainError, explainedErrorCodes } from '../src/i18n/error-explanations';
import { languages } from '../src/i18n/dictionaries';

const readmeCodes = (() => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const sections = readme.slice(readme.indexOf('### State machines'), readme.indexOf('## Kafka topics and events'));
  return [...new Set([...sections.matchAll(/`([A-Z][A-Z_]{5,})`/g)].map((match) => match[1] as string))];
})();

// Names in those README sections that are not outcomes an operator meets: configuration, internal or transport-level refusals,
// and CONSOLE_NOT_BUILT (without a build there is no console to explain it).
const internalOnly = new Set(['ACCESS_CONTEXT_REQUIRED', 'CONSOLE_NOT_BUILT', 'UNSUPPORTED_MEDIA_TYPE', 'HEADERS_TOO_LARGE', 'URI_TOO_LONG', 'MALFORMED_URL', 'MALFORMED_REQUEST', 'DUPLICATED_HEADER', 'ROUTE_NOT_FOUND', 'IDEMPOTENCY_TTL_HOURS', 'OCCURRENCE_VIEW_GRACE_MS']);

describe('error explanations', () => {
  it.each(explainedErrorCodes.flatMap((code) => languages.map((language) => [code, language] as const)))(
    'when the code is %s in %s, then there is a sentence for it',
    (code, language) => {
      const text = errorExplanations[language][code];
      expect(text.length).toBeGreaterThan(15);
      expect(text).not.toContain(code);
    },
  );

  it('when a command failure code is in the README, then the console explains it', () => {
    const missing = readmeCodes.filter((code) => !internalOnly.has(code) && !(explainedErrorCodes as readonly string[]).includes(code));
    expect(missing).toEqual([]);
  });

  it('when both languages explain a code, then the sentences differ (one is not a copy of the other)', () => {
    const copied = explainedErrorCodes.filter((code) => errorExplanations['pt-BR'][code] === errorExplanations.en[code]);
    expect(copied).toEqual([]);
  });

  it('when the code is unknown, then the explanation names it (and its detail)', () => {
    expect(explainError('SOMETHING_NEW', 'pt-BR')).toBe('Falha (SOMETHING_NEW)');
    expect(explainError('SOMETHING_NEW', 'en', 'broker said no')).toBe('Failed (SOMETHING_NEW): broker said no');
  });

  it('when the occurrence was already started, then the Portuguese sentence says so', () => {
    expect(explainError('OCCURRENCE_ALREADY_IN_PROGRESS', 'pt-BR')).toMatch(/já foi iniciado/);
  });
});
