import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useConsole, useLiveEvents } from '../app/console-context';
import { useResource } from '../app/use-resource';
import { ApiError, errorCodeOf } from '../api/http-client';
import type { NearestUnits, Occurrence, UnitView } from '../domain/types';
import { isDispatchable } from '../domain/units-board';
import { useI18n } from '../i18n/i18n-context';
import { formatKm } from '../i18n/number-format';
import { Dialog } from './dialog';
import { IntentError } from './intent-error';
import { UnitStatusBadge } from './status-badge';
import { useCommandIntent } from './use-command-intent';

interface DispatchForm {
  unit: UnitView;
  note: string;
}

/**
 * Sends one of the agency's available units, nearest first (arrows move
 * through them, Enter sends). A unit another operator takes while the dialog
 * is open is marked taken and cannot be chosen; if it was the choice, the
 * choice is cleared rather than moved to another unit.
 */
export function DispatchUnitDialog({ occurrence, onClose }: { occurrence: Occurrence; onClose(): void }) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const id = useId();
  const nearest = useResource(() => api.nearestUnits(occurrence.id), occurrence.id);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [taken, setTaken] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const options = nearest.data?.data ?? [];
  const chosen = options.find(({ unit }) => unit.id === selectedId && !taken.has(unit.id))?.unit;
  const intent = useCommandIntent<DispatchForm>((key, form) => api.dispatchUnit(occurrence.id, key, form.unit.id, form.note.trim() || undefined), {
    occurrenceId: occurrence.id,
    unitId: chosen?.id,
    unitCode: chosen?.code,
    subject: `${occurrence.externalId} · ${chosen?.code ?? ''}`,
  });
  const { begin, state } = intent;
  useEffect(() => begin(), [begin]);
  useEffect(() => {
    if (state?.phase === 'accepted') onClose();
  }, [state?.phase, onClose]);
  useEffect(() => {
    if (nearest.data) setSelectedId((current) => current ?? nearest.data?.data[0]?.unit.id);
  }, [nearest.data]);
  useLiveEvents((event) => {
    if (event.kind === 'unit' && !isDispatchable(event.unit.status)) setTaken((previous) => new Set(previous).add(event.unit.id));
  });
  const retrying = useRetryWhileUnknown(nearest.error, nearest.reload);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (chosen) intent.submit({ unit: chosen, note });
  };
  const missing = touched && !chosen && options.length > 0;
  return (
    <Dialog title={t('dispatch.title', { externalId: occurrence.externalId })} onClose={onClose} testId="dispatch-dialog">
      <form onSubmit={submit} noValidate>
        <fieldset className="unit-options" aria-describedby={`${id}-hint`} aria-invalid={missing}>
          <legend>{t('dispatch.units')}</legend>
          {(nearest.loading || retrying) && !nearest.data ? (
            <p className="muted">{t('dispatch.loadingUnits')}</p>
          ) : nearest.error !== undefined ? (
            <p className="error-text" role="alert">{t('dispatch.unitsFailed', { reason: explain(errorCodeOf(nearest.error)) })}</p>
          ) : (
            <UnitOptions name={`${id}-unit`} ranking={nearest.data} chosenId={chosen?.id} taken={taken} onChoose={setSelectedId} onEnter={() => submit()} />
          )}
          <p id={`${id}-hint`} className={missing ? 'error-text' : 'hint'}>
            {missing ? t('dispatch.chooseUnit') : nearest.data && nearest.data.occurrence.latitude === null ? t('dispatch.noLocation') : t('dispatch.distanceHint')}
          </p>
        </fieldset>
        <label htmlFor={`${id}-note`}>{t('dispatch.note')}</label>
        <input id={`${id}-note`} data-testid="dispatch-note" value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
        <IntentError state={state} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" data-testid="dispatch-submit" disabled={intent.busy || options.length === 0}>
            {state?.phase === 'in_flight' ? t('action.sending') : state?.phase === 'failed' ? t('action.retry') : t('dispatch.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The dispatch service learns of an occurrence from its events, a moment
 * after it is reported: a ranking asked for at once may be a 404 that is not
 * one a second later. It is asked again a few times before the error shows.
 */
function useRetryWhileUnknown(error: unknown, reload: () => void, { attempts = 5, delayMs = 600 } = {}) {
  const tried = useRef(0);
  const unknown = error instanceof ApiError && error.code === 'OCCURRENCE_NOT_FOUND';
  useEffect(() => {
    if (!unknown || tried.current >= attempts) return;
    tried.current += 1;
    const timer = setTimeout(reload, delayMs);
    return () => clearTimeout(timer);
  }, [error, unknown, reload, attempts, delayMs]);
  return unknown && tried.current < attempts;
}

interface UnitOptionsProps {
  name: string;
  ranking: NearestUnits | undefined;
  chosenId: string | undefined;
  taken: ReadonlySet<string>;
  onChoose(unitId: string): void;
  onEnter(): void;
}

/** The candidates as a native radio group: Tab reaches the choice, arrows change it, Enter sends it. */
export function UnitOptions({ name, ranking, chosenId, taken, onChoose, onEnter }: UnitOptionsProps) {
  const { t, language } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  const loaded = ranking !== undefined;
  useEffect(() => {
    if (loaded) list.current?.querySelector<HTMLInputElement>('input:checked, input:not(:disabled)')?.focus();
  }, [loaded]);
  const options = ranking?.data ?? [];
  if (options.length === 0) {
    return (
      <p className="notice" data-testid="dispatch-units-empty">
        {t('dispatch.noUnits')}
      </p>
    );
  }
  const enter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onEnter();
  };
  return (
    <ul ref={list} className="unit-option-list" data-testid="dispatch-unit-options">
      {options.map(({ unit, distanceKm }) => (
        <li key={unit.id}>
          <label
            className={`unit-option${taken.has(unit.id) ? ' is-taken' : ''}`}
            data-testid="dispatch-unit-option"
            data-unit-code={unit.code}
            data-distance-km={distanceKm ?? ''}
          >
            <input
              type="radio"
              name={name}
              value={unit.id}
              checked={unit.id === chosenId}
              disabled={taken.has(unit.id)}
              onChange={() => onChoose(unit.id)}
              onKeyDown={enter}
            />
            <strong className="unit-option-code">{unit.code}</strong>
            <span className="tag">{unit.kind}</span>
            <span className="unit-option-distance">
              {distanceKm === null ? (
                <>
                  <span aria-hidden="true">—</span>
                  <span className="visually-hidden">{t('dispatch.noDistance')}</span>
                </>
              ) : (
                t('dispatch.distance', { distance: formatKm(distanceKm, language) })
              )}
            </span>
            <span className="unit-option-detail muted">{[unit.name, unit.station?.name].filter(Boolean).join(' · ')}</span>
            {unit.status !== 'available' && <UnitStatusBadge status={unit.status} />}
            {taken.has(unit.id) && <span className="error-text">{t('dispatch.justTaken')}</span>}
          </label>
        </li>
      ))}
    </ul>
  );
}
