import { useLiveState } from '../app/console-context';
import { useI18n } from '../i18n/i18n-context';

export function LiveIndicator() {
  const state = useLiveState();
  const { t } = useI18n();
  const text = t(`live.${state}`);
  return (
    <span className={`live live-${state}`} data-testid="live-status" data-state={state} role="status" aria-label={t('live.label', { state: text })}>
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
