import type { Language } from './dictionaries';

const formats = new Map<string, Intl.NumberFormat>();

function formatOf(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}:${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    formats.set(key, format);
  }
  return format;
}

/** A straight-line distance for the dispatch list: "3,2" / "3.2" (km, one decimal; whole km from 100 on). */
export function formatKm(km: number, language: Language): string {
  return formatOf(language, { maximumFractionDigits: km >= 100 ? 0 : 1, minimumFractionDigits: km >= 100 ? 0 : 1 }).format(km);
}

/** A share 0..1 as a whole percentage: "85 %" / "85%". */
export function formatShare(share: number, language: Language): string {
  return formatOf(language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}
