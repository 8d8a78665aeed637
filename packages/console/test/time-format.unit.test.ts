import { formatKm, formatShare } from '../src/i18n/number-format';
import { formatAge, formatDateTime, formatDuration, formatSeconds, fromLocalInput, toLocalInput } from '../src/i18n/time-format';

const now = Date.parse('2026-02-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('time format', () => {
  it.each([
    [40_000, '40 s'],
    [5 * 60_000, '5 min'],
    [(2 * 60 + 5) * 60_000, '2 h 05 min'],
    [(3 * 24 + 4) * 3_600_000, '3 d 4 h'],
    [-5000, '0 s'],
  ])('when %i ms have passed, then the duration reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [45, '45 s'],
    [95.4, '1 min 35 s'],
    [240, '4 min'],
    [3720, '1 h 02 min'],
  ])('when a response time is %d s, then it reads %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it('when a distance or a share is shown, then it follows the language', () => {
    expect(formatKm(3.24, 'pt-BR')).toBe('3,2');
    expect(formatKm(3.24, 'en')).toBe('3.2');
    expect(formatKm(152.6, 'en')).toBe('153');
    expect(formatShare(0.853, 'en')).toBe('85%');
    expect(formatShare(0.853, 'pt-BR')).toMatch(/^85\s?%$/);
  });

  it('when the language is Portuguese, then an age reads "há 5 min"', () => {
    expect(formatAge(ago(5 * 60_000), now, 'pt-BR')).toBe('há 5 min');
  });

  it('when the language is English, then an age reads "5 min ago"', () => {
    expect(formatAge(ago(5 * 60_000), now, 'en')).toBe('5 min ago');
  });

  it('when a date is formatted, then it follows the language (day first in pt-BR, month first in en)', () => {
    expect(formatDateTime('2026-02-03T12:00:00.000Z', 'pt-BR')).toMatch(/^03\/02\/2026/);
    expect(formatDateTime('2026-02-03T12:00:00.000Z', 'en')).toMatch(/^2\/3\/26/);
    expect(formatDateTime(null, 'en')).toBe('—');
  });

  it('when a datetime-local value round-trips, then the instant is unchanged', () => {
    const iso = '2026-02-01T13:45:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBe('');
  });
});
