import { useId, useState, type FormEvent } from 'react';
import { statusOrder } from '../domain/occurrence-list';
import { emptyFilter, type OccurrenceFilter, type OccurrenceStatus } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { fromLocalInput, toLocalInput } from '../i18n/time-format';

interface FiltersProps {
  filter: OccurrenceFilter;
  onChange(filter: OccurrenceFilter): void;
  crossAgency: boolean;
}

/** Selects and dates apply at once; typed fields (type, agency, external id) on Enter or the search button. */
export function OccurrenceFilters({ filter, onChange, crossAgency }: FiltersProps) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState({ type: filter.type, agencyId: filter.agencyId, externalId: filter.externalId });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filter, type: draft.type.trim(), agencyId: draft.agencyId.trim(), externalId: draft.externalId.trim() });
  };
  const clear = () => {
    setDraft({ type: '', agencyId: '', externalId: '' });
    onChange(emptyFilter);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={t('board.filters')} data-testid="board-filters">
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('board.status')}</label>
        <select id={`${id}-status`} data-testid="filter-status" value={filter.status} onChange={(event) => onChange({ ...filter, status: event.target.value as OccurrenceStatus | '' })}>
          <option value="">{t('board.allStatuses')}</option>
          {statusOrder.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('board.type')}</label>
        <input id={`${id}-type`} data-testid="filter-type" value={draft.type} placeholder="incendio_urbano" onChange={(event) => setDraft({ ...draft, type: event.target.value })} />
      </div>
      {crossAgency && (
        <div className="field">
          <label htmlFor={`${id}-agency`}>{t('board.agency')}</label>
          <input id={`${id}-agency`} data-testid="filter-agency" value={draft.agencyId} onChange={(event) => setDraft({ ...draft, agencyId: event.target.value })} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('board.from')}</label>
        <input id={`${id}-from`} type="datetime-local" data-testid="filter-from" value={toLocalInput(filter.reportedFrom)} onChange={(event) => onChange({ ...filter, reportedFrom: fromLocalInput(event.target.value) })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('board.to')}</label>
        <input id={`${id}-to`} type="datetime-local" data-testid="filter-to" value={toLocalInput(filter.reportedTo)} onChange={(event) => onChange({ ...filter, reportedTo: fromLocalInput(event.target.value) })} />
      </div>
      <div className="field field-search">
        <label htmlFor={`${id}-external`}>{t('board.search')}</label>
        <input id={`${id}-external`} type="search" data-testid="filter-external-id" value={draft.externalId} onChange={(event) => setDraft({ ...draft, externalId: event.target.value })} />
      </div>
      <div className="filter-buttons">
        <button type="submit" className="button button-primary" data-testid="filter-apply">
          {t('board.searchButton')}
        </button>
        <button type="button" className="button" onClick={clear}>
          {t('board.clear')}
        </button>
      </div>
    </form>
  );
}
