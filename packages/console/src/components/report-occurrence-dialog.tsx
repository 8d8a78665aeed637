import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useConsole, useTrackedCommands } from '../app/console-context';
import { useRouter } from '../app/router';
import {
  newCallExternalId,
  newReportDraft,
  occurrencePriorities,
  priorityBandOf,
  reportableOccurrenceTypes,
  reportBodyOf,
  type ReportDraft,
  type ReportField,
  type ReportProblems,
} from '../domain/occurrence-report';
import type { OccurrenceReportBody } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { fromLocalInput, toLocalInput } from '../i18n/time-format';
import { CommandFeedback } from './command-feedback';
import { Dialog } from './dialog';
import { IntentError } from './intent-error';
import { useCommandIntent } from './use-command-intent';

/**
 * A call taker reports the call in progress: the console makes its external
 * id and takes now as the time reported (both editable), sends the intake
 * command integrations send, follows it, and opens the new occurrence once it
 * is processed. The Idempotency-Key is made when the form opens.
 */
export function ReportOccurrenceDialog({ onClose }: { onClose(): void }) {
  const { api } = useConsole();
  const { navigate } = useRouter();
  const { t } = useI18n();
  const [draft, setDraft] = useState<ReportDraft>(() => newReportDraft(new Date(), newCallExternalId()));
  const [problems, setProblems] = useState<ReportProblems>({});
  const intent = useCommandIntent<OccurrenceReportBody>((key, body) => api.report(key, body), { subject: draft.externalId.trim() });
  const { begin, state } = intent;
  useEffect(() => begin(), [begin]);

  const sentId = useLatestAcceptedId(state?.accepted?.commandId);
  const sent = useTrackedCommands().find((command) => command.commandId === sentId);
  const reportedId = sent?.status === 'processed' ? sent.occurrenceId : undefined;
  const opened = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!reportedId || opened.current === reportedId) return;
    opened.current = reportedId; // once, however often the parent re-renders before the dialog closes
    navigate({ screen: 'occurrences', occurrenceId: reportedId });
    onClose();
  }, [reportedId, navigate, onClose]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = reportBodyOf(draft);
    setProblems('problems' in checked ? checked.problems : {});
    if ('body' in checked) intent.submit(checked.body);
  };
  const change = (field: ReportField) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));

  return (
    <Dialog title={t('report.title')} onClose={onClose} testId="report-dialog">
      <form onSubmit={submit} noValidate className="report-form">
        <ReportFields draft={draft} problems={problems} change={change} />
        <IntentError state={state} />
        {sent && <CommandFeedback commands={[sent]} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" data-testid="report-submit" disabled={intent.busy}>
            {state?.phase === 'in_flight' ? t('action.sending') : state?.phase === 'failed' ? t('action.retry') : t('report.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The last command this form got accepted: kept after the intent ends, to follow it to its outcome. */
function useLatestAcceptedId(acceptedId: string | undefined): string | undefined {
  const [latest, setLatest] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (acceptedId) setLatest(acceptedId);
  }, [acceptedId]);
  return latest;
}

interface FieldsProps {
  draft: ReportDraft;
  problems: ReportProblems;
  change(field: ReportField): (value: string) => void;
}

export function ReportFields({ draft, problems, change }: FieldsProps) {
  const { t, label } = useI18n();
  const input = (field: ReportField, extra: { inputMode?: 'decimal' } = {}) => (id: string, described: Described) => (
    <input id={id} data-testid={testIdOf(field)} value={draft[field]} onChange={(event) => change(field)(event.target.value)} {...extra} {...described} />
  );
  return (
    <div className="report-fields">
      <Field field="type" problems={problems}>
        {(id, described) => (
          <select id={id} data-testid="report-type" value={draft.type} onChange={(event) => change('type')(event.target.value)} {...described}>
            {reportableOccurrenceTypes.map((type) => (
              <option key={type} value={type}>
                {label(`occurrenceType.${type}`, type)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field="priority" problems={problems}>
        {(id, described) => (
          <select id={id} data-testid="report-priority" value={draft.priority} onChange={(event) => change('priority')(event.target.value)} {...described}>
            <option value="">{t('report.noPriority')}</option>
            {occurrencePriorities.map((priority) => (
              <option key={priority} value={String(priority)}>
                {t('report.priorityOption', { priority, band: t(`priority.${priorityBandOf(priority)}`) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field="description" problems={problems} wide>
        {(id, described) => <textarea id={id} data-testid="report-description" rows={4} maxLength={5000} value={draft.description} onChange={(event) => change('description')(event.target.value)} {...described} />}
      </Field>
      <Field field="address" problems={problems} wide>
        {input('address')}
      </Field>
      <Field field="municipality" problems={problems}>
        {input('municipality')}
      </Field>
      <Field field="reportedAt" problems={problems}>
        {(id, described) => <input id={id} type="datetime-local" data-testid={testIdOf('reportedAt')} value={toLocalInput(draft.reportedAt)} onChange={(event) => change('reportedAt')(fromLocalInput(event.target.value))} {...described} />}
      </Field>
      <Field field="latitude" problems={problems}>
        {input('latitude', { inputMode: 'decimal' })}
      </Field>
      <Field field="longitude" problems={problems}>
        {input('longitude', { inputMode: 'decimal' })}
      </Field>
      <Field field="externalId" problems={problems} hint={t('report.externalIdHint')}>
        {input('externalId')}
      </Field>
    </div>
  );
}

const testIdOf = (field: ReportField) => `report-${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

interface Described {
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  field: ReportField;
  problems: ReportProblems;
  hint?: string;
  wide?: boolean;
  children(id: string, described: Described): ReactNode;
}

/** A labelled control with its hint, or what is wrong with it, tied to it for screen readers. */
function Field({ field, problems, hint, wide, children }: FieldProps) {
  const { t } = useI18n();
  const id = useId();
  const problem = problems[field];
  const note = problem ? t(`report.problem.${problem}`) : hint;
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <label htmlFor={id}>{t(`report.field.${field}`)}</label>
      {children(id, { 'aria-invalid': problem !== undefined, 'aria-describedby': note ? `${id}-note` : undefined })}
      {note && (
        <p id={`${id}-note`} className={problem ? 'error-text' : 'hint'} data-testid={problem ? 'report-problem' : undefined} data-field={problem ? field : undefined}>
          {note}
        </p>
      )}
    </div>
  );
}
