import { CommandTracker } from '../src/api/command-tracker';
import { CommandFeedback } from '../src/components/command-feedback';
import { LanguageSwitcher } from '../src/components/language-switcher';
import { LiveIndicator } from '../src/components/live-indicator';
import { CommandDetailView, traceUrl } from '../src/screens/commands-screen';
import { OccurrenceRows } from '../src/screens/occurrence-board';
import { OccurrenceDetailView } from '../src/screens/occurrence-detail';
import { SignInScreen } from '../src/screens/sign-in-screen';
import { StatusCountsBar } from '../src/screens/status-counts';
import { TimelineEntry } from '../src/screens/occurrence-timeline';
import { UnitColumns } from '../src/screens/units-board';
import { aDispatch, anAcceptedCommand, anOccurrence, anOccurrenceDetail, aSession } from './builders';
import { render, testIds } from './render';

const noop = () => undefined;

describe('sign-in screen', () => {
  it('when shown, then the key field is a labelled password field with its test hooks and no stored value', () => {
    const html = render(<SignInScreen signIn={() => Promise.reject(new Error())} onSignedIn={noop} />);
    expect(testIds(html)).toEqual(expect.arrayContaining(['sign-in-form', 'sign-in-api-key', 'sign-in-submit', 'language-switcher']));
    expect(html).toMatch(/<label for="([^"]+)">Chave de API<\/label><input id="\1" type="password"/);
    expect(html).toContain('autoComplete="off"');
    expect(html).toContain('value=""');
  });

  it('when the session expired, then the reason is shown', () => {
    const html = render(<SignInScreen signIn={() => Promise.reject(new Error())} onSignedIn={noop} notice="Sua sessão expirou." />);
    expect(html).toContain('data-testid="sign-in-notice"');
    expect(html).toContain('Sua sessão expirou.');
  });
});

describe('occurrence board', () => {
  it('when rows are shown, then each is a link with its external id and a text status', () => {
    const rows = [anOccurrence({ externalId: 'CIOPS-77', status: 'in_progress' })];
    const html = render(<OccurrenceRows rows={rows} highlighted={new Set()} crossAgency={false} />);
    expect(html).toMatch(/<a href="\/console\/occurrences\/[^"]+" class="occurrence-row" data-testid="occurrence-row" data-external-id="CIOPS-77"/);
    expect(html).toContain('Em andamento');
  });

  it('when 5,000 rows are loaded, then only a window of them is rendered', () => {
    const rows = Array.from({ length: 5000 }, (_, index) => anOccurrence({ externalId: `R-${index}` }));
    const html = render(<OccurrenceRows rows={rows} highlighted={new Set()} crossAgency={false} />);
    const rendered = testIds(html).filter((id) => id === 'occurrence-row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    expect(html).toContain('aria-rowcount="5000"');
  });

  it('when an occurrence just arrived, then its row is marked new in words, not only colour', () => {
    const row = anOccurrence();
    const html = render(<OccurrenceRows rows={[row]} highlighted={new Set([row.id])} crossAgency={false} />);
    expect(html).toContain('is-new');
    expect(html).toContain('Nova');
  });

  it('when the client is cross-agency, then rows show the agency', () => {
    const html = render(<OccurrenceRows rows={[anOccurrence({ agencyId: 'cbm-al' })]} highlighted={new Set()} crossAgency />);
    expect(html).toContain('cbm-al');
  });

  it('when counts are known, then each status shows its count with a test hook', () => {
    const html = render(<StatusCountsBar counts={{ reported: 3, in_progress: 2, resolved: 10, cancelled: 1 }} selected="" onSelect={noop} />);
    expect(html).toMatch(/data-testid="status-count" data-status="reported" data-count="3"/);
    expect(testIds(html).filter((id) => id === 'status-count')).toHaveLength(4);
  });
});

describe('occurrence detail', () => {
  it('when a reported occurrence with an assigned unit is shown, then its actions and the unit\'s are offered', () => {
    const detail = anOccurrenceDetail({ status: 'reported', dispatches: [aDispatch({ status: 'assigned', resourceCode: 'ABT-12' })] });
    const html = render(<OccurrenceDetailView detail={detail} commands={[]} />);
    expect(testIds(html)).toEqual(expect.arrayContaining(['occurrence-detail', 'action-start', 'action-cancel', 'dispatch-row', 'action-en-route']));
    expect(testIds(html)).not.toContain('action-resolve');
    expect(html).toContain('ABT-12');
  });

  it('when a command about it failed, then the failure is explained in words', () => {
    const tracker = new CommandTracker({ fetchCommand: () => new Promise(noop), setTimer: noop, clearTimer: noop });
    const accepted = anAcceptedCommand();
    tracker.track(accepted, { occurrenceId: 'o-1' });
    tracker.settle({ commandId: accepted.commandId, status: 'failed', commandType: 'occurrence.start', error: { code: 'OCCURRENCE_ALREADY_IN_PROGRESS' } });
    const html = render(<CommandFeedback commands={tracker.list()} />, { tracker });
    expect(html).toMatch(/data-testid="command-status" data-status="failed"/);
    expect(html).toMatch(/data-testid="command-error" data-code="OCCURRENCE_ALREADY_IN_PROGRESS">O atendimento desta ocorrência já foi iniciado/);
  });

  it('when an audit entry changed the status, then the timeline shows actor, command and the change', () => {
    const html = render(
      <ol>
        <TimelineEntry
          entry={{
            sequence: 4,
            action: 'occurrence.started',
            actor: { clientId: 'client-9', agencyId: 'cbm-se', crossAgency: true },
            ownerAgencyId: 'cbm-se',
            before: { status: 'reported' },
            after: { status: 'in_progress' },
            commandId: 'c0ffee00-0000-4000-8000-000000000000',
            correlationId: 'corr',
            occurredAt: '2026-02-01T10:00:00Z',
          }}
        />
      </ol>,
      { language: 'en' },
    );
    expect(html).toContain('Client client-9 · agency cbm-se');
    expect(html).toContain('(cross-agency operator)');
    expect(html).toContain('c0ffee00');
    expect(html).toMatch(/<del>reported<\/del>.*<ins>in_progress<\/ins>/);
  });
});

describe('units board', () => {
  it('when units are active, then they appear under their status column with a test hook', () => {
    const html = render(<UnitColumns dispatches={[aDispatch({ status: 'en_route', resourceCode: 'UR-3' })]} />);
    expect(html).toMatch(/data-testid="units-column" data-status="en_route".*UR-3/);
    expect(testIds(html).filter((id) => id === 'units-column')).toHaveLength(3);
  });
});

describe('commands', () => {
  it('when Jaeger is configured and the command has a trace, then it links to the trace', () => {
    expect(traceUrl('http://127.0.0.1:16686/', 'abc')).toBe('http://127.0.0.1:16686/trace/abc');
    expect(traceUrl(null, 'abc')).toBeUndefined();
    const command = { commandId: 'c-1', type: 'occurrence.cancel', status: 'failed' as const, error: { code: 'OCCURRENCE_ALREADY_RESOLVED' }, correlationId: 'corr-1', traceId: 'abc', acceptedAt: '2026-02-01T10:00:00Z' };
    const html = render(<CommandDetailView command={command} />, { session: aSession({}, 'http://jaeger:16686'), language: 'en' });
    expect(html).toContain('href="http://jaeger:16686/trace/abc"');
    expect(html).toContain('corr-1');
    expect(html).toMatch(/data-testid="command-error" data-code="OCCURRENCE_ALREADY_RESOLVED">The occurrence is already resolved/);
  });
});

describe('shell pieces', () => {
  it('when the stream has not opened yet, then the indicator says connecting', () => {
    expect(render(<LiveIndicator />)).toMatch(/data-testid="live-status" data-state="connecting"/);
  });

  it('when English is chosen, then the switcher shows it selected', () => {
    const html = render(<LanguageSwitcher />, { language: 'en' });
    expect(html).toMatch(/<option value="en" lang="en" selected="">English<\/option>/);
  });
});
