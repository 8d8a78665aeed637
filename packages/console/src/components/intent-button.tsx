import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { IntentError } from './intent-error';
import type { IntentControls } from './use-command-intent';

interface IntentButtonProps {
  controls: IntentControls<void>;
  testId: string;
  className?: string;
  children: ReactNode;
}

/** A one-press command: disabled while in flight or pending; after a failed attempt, it resends the same request. */
export function IntentButton({ controls, testId, className = 'button', children }: IntentButtonProps) {
  const { t } = useI18n();
  const { state, busy, submit } = controls;
  const label = state?.phase === 'in_flight' ? t('action.sending') : state?.phase === 'failed' ? t('action.retry') : children;
  return (
    <span className="intent">
      <button type="button" className={className} data-testid={testId} disabled={busy} aria-busy={busy} onClick={() => submit()}>
        {label}
      </button>
      <IntentError state={state} />
    </span>
  );
}
