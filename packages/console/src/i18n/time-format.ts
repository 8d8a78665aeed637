import type { Language } from './dictionaries';

/** Elapsed time as "5 min", "2 h 05 min", "3 d 4 h", "40 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A response time to the second: "45 s", "1 min 35 s", "1 h 02 min". */
export function formatSeconds(value: number): string {
  const seconds = Math.max(0, Math.round(value));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "há 5 min" / "5 min ago". */
export function formatAge(since: string | number, now: number, language: Language): string {
  const duration = formatDuration(now - (typeof since === 'number' ? since : Date.parse(since)));
  return language === 'pt-BR' ? `há ${duration}` : `${duration} ago`;
}

const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

/** Date and time in the language's locale, with seconds (operators compare close events). */
export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '—';
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' });
    dateTimeFormats.set(language, format);
  }
  return format.format(new Date(value));
}

/** An ISO instant as the value of an <input type="datetime-local"> (local time), and back. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

export function fromLocalInput(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
