import { messagesEn } from './messages-en';
import { messagesPtBr, type MessageKey } from './messages-pt-br';

export type { MessageKey };

export const languages = ['pt-BR', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'pt-BR';

export const dictionaries: Record<Language, Record<MessageKey, string>> = { 'pt-BR': messagesPtBr, en: messagesEn };

export type MessageParams = Record<string, string | number>;

/** The message for a key in a language, with {name} placeholders filled in. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = dictionaries[language][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);
