import { ApiError } from '../src/api/http-client';
import { DispatchActions } from '../src/components/dispatch-actions';
import { IntentError } from '../src/components/intent-error';
import { OccurrenceActionBar } from '../src/components/occurrence-action-bar';
import { ReportFields } from '../src/components/report-occurrence-dialog';
import { newReportDraft } from '../src/domain/occurrence-report';
import { OccurrenceBoard } from '../src/screens/occurrence-board';
import { aDispatch, anOccurrence, aPersonSession } from './builders';
import { render, testIds } from './render';

const noop = () => undefined;
const actionIds = (html: string) => testIds(html).filter((id) => id.startsWith('action-'));

describe('actions by role', () => {
  it('when a call taker opens a reported occurrence, then no lifecycle or dispatch action is offered, and the bar says it is the role', () => {
    const html = render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'reported' })} />, { session: aPersonSession(['call_taker']) });
    expect(actionIds(html)).toEqual([]);
    expect(html).toMatch(/data-testid="no-actions" data-reason="permission">Os seus papéis não permitem agir/);
  });

  it('when a dispatcher opens it, then start and dispatch are offered but cancel is a supervisor\'s', () => {
    expect(actionIds(render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'reported' })} />, { session: aPersonSession(['dispatcher']) }))).toEqual(['action-start', 'action-dispatch']);
    expect(actionIds(render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'reported' })} />, { session: aPersonSession(['supervisor']) }))).toEqual([
      'action-start',
      'action-dispatch',
      'action-cancel',
    ]);
  });

  it('when the occurrence is closed, then the bar says it is closed, whatever the role', () => {
    const html = render(<OccurrenceActionBar occurrence={anOccurrence({ status: 'resolved' })} />, { session: aPersonSession(['call_taker']) });
    expect(html).toMatch(/data-testid="no-actions" data-reason="closed"/);
  });

  it('when an auditor sees a dispatched unit, then its steps are not offered', () => {
    expect(render(<DispatchActions dispatch={aDispatch({ status: 'assigned' })} occurrenceId="o-1" />, { session: aPersonSession(['auditor']) })).toBe('');
  });
});

describe('reporting a call', () => {
  it('when the session may report, then the board offers the report form; otherwise it does not', () => {
    expect(testIds(render(<OccurrenceBoard />, { session: aPersonSession(['call_taker']) }))).toContain('report-occurrence');
    expect(testIds(render(<OccurrenceBoard />, { session: aPersonSession(['dispatcher']) }))).not.toContain('report-occurrence');
  });

  it('when the form opens, then it holds the generated id, now as the time reported, and the types by name', () => {
    const draft = newReportDraft(new Date('2026-12-07T17:32:05Z'), 'CALL-20261207-1432-4f3a9c2e');
    const html = render(<ReportFields draft={draft} problems={{}} change={() => noop} />, { language: 'en' });
    expect(testIds(html)).toEqual(expect.arrayContaining(['report-type', 'report-description', 'report-reported-at', 'report-external-id', 'report-latitude']));
    expect(html).toMatch(/data-testid="report-external-id"[^>]*value="CALL-20261207-1432-4f3a9c2e"/);
    expect(html).toMatch(/<option value="incendio_urbano" selected="">Urban fire<\/option>/);
    expect(html).toContain('<option value="9">9 — critical</option>');
  });

  it('when a field is wrong, then the field says what, tied to its control', () => {
    const html = render(<ReportFields draft={newReportDraft(new Date(), 'CALL-1')} problems={{ description: 'required', latitude: 'coordinates_together' }} change={() => noop} />);
    expect(html).toMatch(/<textarea id="([^"]+)"[^>]*aria-invalid="true" aria-describedby="\1-note"/);
    expect(html).toMatch(/data-testid="report-problem" data-field="description">Campo obrigatório/);
    expect(html).toMatch(/data-field="latitude">Latitude e longitude vão juntas/);
  });
});

describe('refusals', () => {
  it('when the gateway refuses an action for a missing permission, then the console explains it and names the permission in words', () => {
    const error = new ApiError(403, { code: 'INSUFFICIENT_SCOPE', status: 403, detail: 'requires permission occurrences:progress (scope occurrences:write)' });
    const html = render(<IntentError state={{ phase: 'failed', key: 'k-1', attempts: 1, error }} />, { language: 'en' });
    expect(html).toMatch(/data-testid="command-error" data-code="INSUFFICIENT_SCOPE" data-permission="occurrences:progress">Not allowed: your roles/);
    expect(html).toContain('It needs the “start and resolve responses” permission.');
  });
});
