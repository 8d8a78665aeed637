import { useId } from 'react';
import { isLanguage, languages } from '../i18n/dictionaries';
import { useI18n } from '../i18n/i18n-context';

const names = { 'pt-BR': 'Português (BR)', en: 'English' } as const;

export function LanguageSwitcher() {
  const { language, setLanguage, t } = useI18n();
  const id = useId();
  return (
    <span className="language-switcher">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} data-testid="language-switcher" value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}>
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {names[language]}
          </option>
        ))}
      </select>
    </span>
  );
}
