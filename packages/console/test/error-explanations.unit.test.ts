import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainCommandError } from '../src/i18n/command-failures';
import { errorExplanations, explainError, explainedErrorCodes } from '../src/i18n/error-explanations';
import { languages } from '../src/i18n/dictionaries';

const readmeCodes = (() => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const sections = readme.slice(readme.indexOf('### State machines'), readme.indexOf('## Kafka topics and events'));
  return [...new Set([...sections.matchAll(/`([A-Z][A-Z_]{5,})`/g)].map((match) => match[1] as string))];
})();

// Names in those README sections that are not outcomes an operator meets: configuration, internal or transport-level refusals,
// and CONSOLE_NOT_BUILT (without a build there is no console to explain it).
const internalOnly = new Set([
  'ACCESS_CONTEXT_REQUIRED',
  'ACCESS_CONTEXT_INVALID',
  'CONSOLE_NOT_BUILT',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
  'URI_TOO_LONG',
  'MALFORMED_URL',
  'MALFORMED_REQUEST',
  'DUPLICATED_HEADER',
  'ROUTE_NOT_FOUND',
  'IDEMPOTENCY_TTL_HOURS',
  'OCCURRENCE_VIEW_GRACE_MS',
  'GEOCODER_URL',
  'GEOCODER_TIMEOUT_MS',
  'RESPONSE_TARGETS',
]);

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

  it('when a unit is refused for a dispatch, then the sentence names the unit and, from the context, the job holding it or its status', () => {
    const onJob = { code: 'UNIT_NOT_AVAILABLE', context: { currentDispatch: { id: 'd-1', occurrenceId: 'a1b2c3d4-0000-4000-8000-000000000000', status: 'on_scene' } } };
    expect(explainCommandError(onJob, 'en', { unitCode: 'ABT-12' })).toBe('Unit ABT-12 is already on occurrence a1b2c3d4 (on scene): choose another unit.');
    expect(explainCommandError(onJob, 'pt-BR', { unitCode: 'ABT-12' })).toBe('A unidade ABT-12 já está na ocorrência a1b2c3d4 (no local): escolha outra unidade.');
    expect(explainCommandError(onJob, 'en')).toMatch(/^The unit is already on occurrence a1b2c3d4/);
    const outOfService = { code: 'UNIT_NOT_AVAILABLE', context: { unitStatus: 'out_of_service' } };
    expect(explainCommandError(outOfService, 'pt-BR', { unitCode: 'UR-3' })).toMatch(/^A unidade UR-3 está fora de serviço/);
    expect(explainCommandError({ code: 'UNIT_NOT_AVAILABLE', context: { unitStatus: 'retired' } }, 'en', { unitCode: 'UR-3' })).toMatch(/^Unit UR-3 is retired/);
  });

  it('when a unit is not found, then the sentence names it when known, else says what the code means', () => {
    expect(explainCommandError({ code: 'UNIT_NOT_FOUND' }, 'en', { unitCode: 'ABT-99' })).toBe("Unit ABT-99 is not in this agency's units registry.");
    expect(explainCommandError({ code: 'UNIT_NOT_FOUND' }, 'pt-BR')).toBe(errorExplanations['pt-BR'].UNIT_NOT_FOUND);
  });

  it('when the failure has no unit facts, then it reads as its code does', () => {
    expect(explainCommandError({ code: 'UNIT_NOT_AVAILABLE' }, 'en')).toBe(errorExplanations.en.UNIT_NOT_AVAILABLE);
    expect(explainCommandError({ code: 'OCCURRENCE_NOT_OPEN', detail: 'x' }, 'en')).toBe(errorExplanations.en.OCCURRENCE_NOT_OPEN);
  });

  it('when the occurrence was already started, then the Portuguese sentence says so', () => {
    expect(explainError('OCCURRENCE_ALREADY_IN_PROGRESS', 'pt-BR')).toMatch(/já foi iniciado/);
  });
});
