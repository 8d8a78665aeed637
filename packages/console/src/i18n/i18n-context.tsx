import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { defaultLanguage, dictionaries, isLanguage, translate, type Language, type MessageKey, type MessageParams } from './dictionaries';
import type { Problem } from '../domain/types';
import { explainCommandError, type FailureFacts } from './command-failures';
import { explainError } from './error-explanations';
import { formatAge, formatDateTime } from './time-format';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** A key built at run time (a status, a command type); falls back to the raw value. */
  label(key: string, fallback: string): string;
  explain(code: string, detail?: string): string;
  /** A failed command's error, using the facts it carries (the job holding a unit). */
  explainFailure(error: Problem, facts?: FailureFacts): string;
  age(since: string, now: number): string;
  dateTime(value: string | null | undefined): string;
}

const storageKey = 'atalaia.console.language';

function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage disabled: the default language
  }
  return defaultLanguage;
}

export function createI18n(language: Language, setLanguage: (language: Language) => void = () => undefined): I18n {
  const dictionary = dictionaries[language];
  return {
    language,
    setLanguage,
    t: (key, params) => translate(language, key, params),
    label: (key, fallback) => (Object.hasOwn(dictionary, key) ? dictionary[key as MessageKey] : fallback),
    explain: (code, detail) => explainError(code, language, detail),
    explainFailure: (error, facts) => explainCommandError(error, language, facts),
    age: (since, now) => formatAge(since, now, language),
    dateTime: (value) => formatDateTime(value, language),
  };
}

const I18nContext = createContext<I18n>(createI18n(defaultLanguage));

export function LanguageProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => fixed ?? initialLanguage());
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // not remembered; still switched
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(language, 'app.title');
  }, [language]);
  const value = useMemo(() => createI18n(language, setLanguage), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
