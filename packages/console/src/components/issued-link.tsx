import { useId, useState } from 'react';
import { linkAddress } from '../domain/user-accounts';
import type { IssuedLink } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from './dialog';

/**
 * A one-time link, shown this once (only its digest is stored): the
 * administrator copies it and hands it to the person, who sets their
 * password with it. Its address is this console's own origin.
 */
export function IssuedLinkPanel({ link, displayName, origin = globalThis.location?.origin ?? '' }: { link: IssuedLink; displayName: string; origin?: string }) {
  const { t, dateTime } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const address = linkAddress(origin, link.path);
  const copy = () => {
    navigator.clipboard?.writeText(address).then(
      () => setCopied(true),
      () => setCopied(false), // not a secure context, or refused: the field is there to select by hand
    );
  };
  return (
    <div className="issued-link" data-testid="issued-link" data-purpose={link.purpose}>
      <p>{t(link.purpose === 'invite' ? 'users.inviteLinkFor' : 'users.resetLinkFor', { name: displayName })}</p>
      <label htmlFor={id}>{t('users.link')}</label>
      <input id={id} readOnly value={address} data-testid="issued-link-address" onFocus={(event) => event.currentTarget.select()} spellCheck={false} />
      <p className="notice">{t('users.linkOnce', { at: dateTime(link.expiresAt) })}</p>
      <button type="button" className="button" onClick={copy} data-testid="issued-link-copy">
        {copied ? t('users.copied') : t('users.copy')}
      </button>
    </div>
  );
}

export function IssuedLinkDialog({ link, displayName, onClose }: { link: IssuedLink; displayName: string; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Dialog title={t('users.linkTitle')} onClose={onClose} testId="issued-link-dialog">
      <IssuedLinkPanel link={link} displayName={displayName} />
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
    </Dialog>
  );
}
