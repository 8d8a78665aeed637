import { useState, type ReactNode } from 'react';
import { useConsole, useNow, useTrackedCommands } from '../app/console-context';
import { Link } from '../app/router';
import { errorCodeOf } from '../api/http-client';
import { CommandFeedback } from '../components/command-feedback';
import { ReportOccurrenceDialog } from '../components/report-occurrence-dialog';
import { OccurrenceStatusBadge } from '../components/status-badge';
import { VirtualList } from '../components/virtual-list';
import { hasPermission } from '../domain/permissions';
import { emptyFilter, type Occurrence, type OccurrenceFilter } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { OccurrenceDetail } from './occurrence-detail';
import { OccurrenceFilters } from './occurrence-filters';
import { StatusCountsBar } from './status-counts';
import { useOccurrenceBoard } from './use-occurrence-board';

export const boardRowHeight = 52;

/** The dispatch board: counts, filters, the live list, and the selected occurrence beside it. */
export function OccurrenceBoard({ selectedId }: { selectedId?: string }) {
  const { session } = useConsole();
  const { t, explain } = useI18n();
  const [filter, setFilter] = useState<OccurrenceFilter>(emptyFilter);
  const board = useOccurrenceBoard(filter);
  const crossAgency = session.client.crossAgency;

  return (
    <div className={`board-layout${selectedId ? ' has-detail' : ''}`}>
      <section className="board" aria-labelledby="board-title">
        <div className="section-head">
          <h1 id="board-title">{t('board.title')}</h1>
          {hasPermission(session, 'occurrences:report') && <ReportOccurrence />}
        </div>
        <StatusCountsBar counts={board.counts} selected={filter.status} onSelect={(status) => setFilter({ ...filter, status })} />
        <OccurrenceFilters filter={filter} onChange={setFilter} crossAgency={crossAgency} />
        {board.error !== undefined && (
          <p className="error-text" role="alert">
            {explain(errorCodeOf(board.error))}{' '}
            <button type="button" className="button-link" onClick={board.reload}>
              {t('app.retry')}
            </button>
          </p>
        )}
        <div className="board-meta" aria-live="polite">
          {board.loading ? t('app.loading') : t('board.shown', { count: board.rows.length })}
        </div>
        <div className={`board-head${crossAgency ? ' with-agency' : ''}`} aria-hidden="true">
          <span>{t('board.columnStatus')}</span>
          <span>{t('board.columnExternalId')}</span>
          <span>{t('board.columnType')}</span>
          {crossAgency && <span>{t('board.columnAgency')}</span>}
          <span>{t('board.columnAge')}</span>
        </div>
        {!board.loading && board.rows.length === 0 ? (
          <p className="empty">{t('board.empty')}</p>
        ) : (
          <OccurrenceRows rows={board.rows} selectedId={selectedId} highlighted={board.highlighted} crossAgency={crossAgency} footer={
            board.nextCursor ? (
              <div className="load-more">
                <button type="button" className="button" data-testid="load-more" onClick={board.loadMore} disabled={board.loadingMore}>
                  {board.loadingMore ? t('board.loadingMore') : t('board.loadMore')}
                </button>
              </div>
            ) : undefined
          } />
        )}
      </section>
      {selectedId ? (
        <OccurrenceDetail key={selectedId} occurrenceId={selectedId} />
      ) : (
        <aside className="detail-placeholder muted">{t('board.selectHint')}</aside>
      )}
    </div>
  );
}

/** The call taker's way in: the report form, and the reports this console sent, until each is settled and seen. */
function ReportOccurrence() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const reports = useTrackedCommands().filter((command) => command.type === 'occurrence.create_or_update');
  return (
    <>
      <button type="button" className="button button-primary" data-testid="report-occurrence" onClick={() => setOpen(true)}>
        {t('report.open')}
      </button>
      {reports.length > 0 && (
        <div className="board-reports" data-testid="board-reports">
          <CommandFeedback commands={reports.slice(0, 3)} />
        </div>
      )}
      {open && <ReportOccurrenceDialog onClose={() => setOpen(false)} />}
    </>
  );
}

interface RowsProps {
  rows: readonly Occurrence[];
  selectedId?: string;
  highlighted: ReadonlySet<string>;
  crossAgency: boolean;
  footer?: ReactNode;
}

export function OccurrenceRows({ rows, selectedId, highlighted, crossAgency, footer }: RowsProps) {
  const { t, age, dateTime } = useI18n();
  const now = useNow(5000);
  return (
    <VirtualList
      items={rows}
      rowHeight={boardRowHeight}
      itemKey={(row) => row.id}
      label={t('board.title')}
      footer={footer}
      renderRow={(row) => (
        <Link
          to={{ screen: 'occurrences', occurrenceId: row.id }}
          className={`occurrence-row${crossAgency ? ' with-agency' : ''}${highlighted.has(row.id) ? ' is-new' : ''}`}
          aria-current={row.id === selectedId ? 'true' : undefined}
          data-testid="occurrence-row"
          data-external-id={row.externalId}
          data-status={row.status}
        >
          <OccurrenceStatusBadge status={row.status} />
          <span className="cell-strong">
            {row.externalId}
            {highlighted.has(row.id) && <span className="new-tag">{t('board.new')}</span>}
          </span>
          <span className="cell-muted">{row.type}</span>
          {crossAgency && <span className="cell-muted">{row.agencyId}</span>}
          <time dateTime={row.reportedAt} title={dateTime(row.reportedAt)}>
            {age(row.reportedAt, now)}
          </time>
        </Link>
      )}
    />
  );
}
