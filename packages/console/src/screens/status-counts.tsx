import { statusOrder } from '../domain/occurrence-list';
import type { OccurrenceStatus, StatusCounts } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

interface StatusCountsProps {
  counts: StatusCounts | undefined;
  selected: OccurrenceStatus | '';
  onSelect(status: OccurrenceStatus | ''): void;
}

/** Counts per status; each is also a toggle for the status filter. */
export function StatusCountsBar({ counts, selected, onSelect }: StatusCountsProps) {
  const { t } = useI18n();
  return (
    <div className="status-counts" role="group" aria-label={t('board.counts')} data-testid="status-counts">
      {statusOrder.map((status) => (
        <button
          key={status}
          type="button"
          className={`count count-${status}`}
          aria-pressed={selected === status}
          data-testid="status-count"
          data-status={status}
          data-count={counts?.[status] ?? ''}
          onClick={() => onSelect(selected === status ? '' : status)}
        >
          <span className="count-label">{t(`status.${status}`)}</span>
          <span className="count-value">{counts ? counts[status] : '–'}</span>
        </button>
      ))}
    </div>
  );
}
