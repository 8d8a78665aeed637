import { dictionaries, translate } from '../src/i18n/dictionaries';
import { messagesEn } from '../src/i18n/messages-en';
import { messagesPtBr } from '../src/i18n/messages-pt-br';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dictionaries', () => {
  it('when both languages are compared, then they have exactly the same keys', () => {
    expect(Object.keys(messagesEn).sort()).toEqual(Object.keys(messagesPtBr).sort());
  });

  it.each(Object.keys(messagesPtBr))('when the key is %s, then both texts are non-empty and use the same placeholders', (key) => {
    const pt = dictionaries['pt-BR'][key as keyof typeof messagesPtBr];
    const en = dictionaries.en[key as keyof typeof messagesPtBr];
    expect(pt.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    expect(placeholders(en)).toEqual(placeholders(pt));
  });

  it('when a message has placeholders, then translate fills them in', () => {
    expect(translate('pt-BR', 'board.shown', { count: 12 })).toBe('12 exibidas');
    expect(translate('en', 'detail.title', { externalId: 'CIOPS-1' })).toBe('Occurrence CIOPS-1');
  });

  it('when a parameter is missing, then its placeholder stays visible rather than printing "undefined"', () => {
    expect(translate('en', 'board.shown', {})).toBe('{count} shown');
  });
});
