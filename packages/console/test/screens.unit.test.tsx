import { CommandTracker } from '../src/api/command-tracker';
import { CommandFeedback } from '../src/components/command-feedback';
import { LanguageSwitcher } from '../src/components/language-switcher';
import { LiveIndicator } from '../src/components/live-indicator';
import { CommandDetailView, traceUrl } from '../src/screens/commands-screen';
import { OccurrenceRows } from '../src/screens/occurrence-board';
import { OccurrenceDetailView } from '../src/screens/occurrence-detail';
import { SignedInAs } from '../src/app/console-shell';
import { withMethod } from '../src/domain/sign-in-form';
import { SignInFields, SignInScreen } from '../src/screens/sign-in-screen';
import { StatusCountsBar } from '../src/screens/status-counts';
import { TimelineEntry } from '../src/screens/occurrence-timeline';
import { UnitOptions } from '../src/components/dispatch-unit-dialog';
import { UnitColumns } from '../src/screens/units-board';
import { aDispatch, anAcceptedCommand, anOccurrence, anOccurrenceDetail, aPersonSession, aSession, aUnit } from './builders';
import { render, testIds } from './render';

const noop = () => undefined;

describe('sign-in screen', () => {
  const signIn = () => Promise.reject(new Error());

  it('when shown, then a person is asked for login and password, with no stored value, and an API key is a secondary way in', () => {
    const html = render(<SignInScreen signIn={signIn} onSignedIn={noop} />);
    expect(testIds(html)).toEqual(['sign-in-form', 'language-switcher', 'sign-in-login', 'sign-in-password', 'sign-in-submit', 'sign-in-use-api-key']);
    expect(html).toMatch(/<label for="([^"]+)">Login<\/label><input id="\1"[^>]* autoComplete="username"/);
    expect(html).toMatch(/<label for="([^"]+)">Senha<\/label><input id="\1" type="password" autoComplete="current-password"/);
    expect(html).not.toMatch(/<input[^>]*value="[^"]+"/);
    expect(html).toContain('Entrar com uma chave de API');
  });

  it('when the last session was an API key\'s, then the key form comes first, its field a password field that is never autofilled', () => {
    const html = render(<SignInScreen signIn={signIn} onSignedIn={noop} method="api_key" />);
    expect(testIds(html)).toEqual(['sign-in-form', 'language-switcher', 'sign-in-api-key', 'sign-in-submit', 'sign-in-use-password']);
    expect(html).toMatch(/<label for="([^"]+)">Chave de API<\/label><input id="\1" type="password"/);
    expect(html).toContain('autoComplete="off"');
  });

  it('when the gateway asked for the second factor, then only the one-time code is asked for, naming the login, with a way to start over', () => {
    const html = render(<SignInFields draft={{ ...withMethod('password'), login: 'maria.souza', password: 'kept in memory', codeRequired: true }} error={undefined} onChange={noop} onStartOver={noop} />, { language: 'en' });
    expect(testIds(html)).toEqual(['sign-in-code-step', 'sign-in-start-over', 'sign-in-code']);
    expect(html).toContain('Password checked for maria.souza');
    expect(html).toContain('autoComplete="one-time-code"');
    expect(html).not.toContain('kept in memory');
  });

  it('when the credentials were refused, then the error is tied to the fields for screen readers', () => {
    const html = render(<SignInFields draft={withMethod('password')} error="Não foi possível entrar" onChange={noop} onStartOver={noop} />);
    expect(html).toMatch(/aria-invalid="true" aria-describedby="([^"]+)-error".*<p id="\1-error" class="error-text" role="alert" data-testid="sign-in-error">Não foi possível entrar/);
  });

  it('when agencies have single sign-on, then each has a button that starts it at the gateway, below the password form', () => {
    const providers = [{ agencyId: 'cbm-se', displayName: 'CBMSE (Keycloak)' }];
    const html = render(<SignInScreen signIn={signIn} onSignedIn={noop} providers={providers} />, { language: 'en' });
    expect(html).toMatch(/<a class="button" href="\/api\/sso\/cbm-se\/start" data-testid="sign-in-sso" data-agency="cbm-se">Sign in with CBMSE \(Keycloak\)<\/a>/);
    expect(render(<SignInScreen signIn={signIn} onSignedIn={noop} providers={providers} method="api_key" />)).not.toContain('sign-in-sso');
  });

  it('when a single sign-on came back refused, then the refusal is shown as the form\'s error from the start', () => {
    const html = render(<SignInScreen signIn={signIn} onSignedIn={noop} initialError="Sem papel no console." />);
    expect(html).toMatch(/data-testid="sign-in-error">Sem papel no console\.</);
  });

  it('when the session expired, then the reason is shown', () => {
    const html = render(<SignInScreen signIn={signIn} onSignedIn={noop} notice="Sua sessão expirou." />);
    expect(html).toContain('data-testid="sign-in-notice"');
    expect(html).toContain('Sua sessão expirou.');
  });
});

describe('who is signed in', () => {
  it('when a person is signed in, then the shell shows their name and roles, in words', () => {
    const html = render(<SignedInAs session={aPersonSession(['dispatcher', 'supervisor'], 'João Lima')} />, { language: 'en' });
    expect(html).toMatch(/data-testid="session-person-name">João Lima</);
    expect(html).toContain('Dispatcher, Supervisor · agency cbm-se');
    expect(html).toContain('data-roles="dispatcher supervisor"');
  });

  it('when a person is signed in, then their name is the link to their own account', () => {
    const html = render(<SignedInAs session={aPersonSession(['dispatcher'], 'João Lima')} />, { language: 'en' });
    expect(html).toMatch(/<a href="\/console\/my-account" class="session-account" title="Your account: second factor" data-testid="my-account-link"><strong data-testid="session-person-name">João Lima<\/strong><\/a>/);
    expect(render(<SignedInAs session={aSession()} />)).not.toContain('my-account-link');
  });

  it('when an API key is signed in, then the client id and agency are shown as before', () => {
    const html = render(<SignedInAs session={aSession({ id: 'c0ffee00-1234', crossAgency: true })} />);
    expect(html).toMatch(/data-testid="session-client"[^>]*>Cliente c0ffee00-123 · todas as agências</);
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

  it('when a person acted, then the timeline names them rather than their client id', () => {
    const entry = {
      sequence: 1,
      action: 'occurrence.created',
      actor: { clientId: 'user:7e57ab1e-0000-4000-8000-000000000042', agencyId: 'cbm-se', userId: '7e57ab1e-0000-4000-8000-000000000042', userName: 'Maria Souza' },
      ownerAgencyId: 'cbm-se',
      before: null,
      after: { status: 'reported' },
      commandId: null,
      correlationId: null,
      occurredAt: '2026-02-01T10:00:00Z',
    };
    const html = render(<ol><TimelineEntry entry={entry} /></ol>);
    expect(html).toMatch(/data-testid="timeline-actor" data-user-id="7e57ab1e-0000-4000-8000-000000000042">Maria Souza · agência cbm-se</);
    expect(html).not.toContain('user:7e57ab1e');
  });

  it('when the session may not read the audit trail, then the timeline is not asked for and says why', () => {
    const html = render(<OccurrenceDetailView detail={anOccurrenceDetail()} commands={[]} />, { session: aPersonSession(['dispatcher']) });
    expect(testIds(html)).toContain('timeline-forbidden');
    expect(html).toContain('audit:read');
  });
});

describe('units board', () => {
  it('when units are registered, then each appears under its status, every status has a column, and a busy one links its occurrence', () => {
    const busy = aUnit({ code: 'UR-3', status: 'en_route', currentDispatch: { id: 'd-1', occurrenceId: 'c0ffee00-0000-4000-8000-000000000001', status: 'en_route' } });
    const html = render(<UnitColumns units={[busy, aUnit({ code: 'ABT-1' })]} held={['read']} crossAgency={false} />);
    expect(html).toMatch(/data-testid="units-column" data-status="en_route".*data-unit-code="UR-3"/);
    expect(testIds(html).filter((id) => id === 'units-column')).toHaveLength(6);
    expect(html).toMatch(/data-testid="unit-occurrence" data-occurrence-id="c0ffee00-0000-4000-8000-000000000001"/);
    expect(html).toContain('nesta situação');
  });

  it('when the session holds units:status, then an available unit can be taken out of service and one out of service put back', () => {
    const units = [aUnit({ status: 'available' }), aUnit({ status: 'out_of_service', statusReason: 'Pane elétrica' })];
    const html = render(<UnitColumns units={units} held={['read', 'units:status']} crossAgency={false} />);
    expect(testIds(html)).toEqual(expect.arrayContaining(['unit-out-of-service', 'unit-in-service']));
    expect(html).toContain('Motivo: Pane elétrica');
  });

  it('when the session lacks units:status (an agency admin manages the registry, not the service), then no unit action is offered', () => {
    const html = render(<UnitColumns units={[aUnit(), aUnit({ status: 'out_of_service' })]} held={['read', 'units:manage']} crossAgency={false} />);
    expect(testIds(html).filter((id) => id.startsWith('unit-') && id !== 'unit-card')).toEqual([]);
  });
});

describe('dispatch dialog units', () => {
  const noop = () => undefined;
  const ranking = (data: { code: string; distanceKm: number | null; status?: 'available' | 'returning' }[], latitude: number | null = -10.9) => ({
    occurrence: { id: 'o-1', latitude, longitude: latitude === null ? null : -37.0 },
    data: data.map(({ code, distanceKm, status = 'available' }) => ({ unit: aUnit({ code, status }), distanceKm })),
  });

  it('when units are available, then they are radios in the order given (nearest first) with distance and kind', () => {
    const html = render(<UnitOptions name="u" ranking={ranking([{ code: 'ABT-2', distanceKm: 1.24 }, { code: 'UR-7', distanceKm: 8.5, status: 'returning' }])} chosenId={undefined} taken={new Set()} onChoose={noop} onEnter={noop} />);
    expect([...html.matchAll(/data-unit-code="([^"]+)"/g)].map((match) => match[1])).toEqual(['ABT-2', 'UR-7']);
    expect(html).toContain('type="radio"');
    expect(html).toContain('1,2 km');
    expect(html).toContain('Retornando');
  });

  it('when a unit has no distance, then a dash stands for it, with words for screen readers', () => {
    const html = render(<UnitOptions name="u" ranking={ranking([{ code: 'ABT-2', distanceKm: null }], null)} chosenId={undefined} taken={new Set()} onChoose={noop} onEnter={noop} />, { language: 'en' });
    expect(html).toMatch(/<span aria-hidden="true">—<\/span><span class="visually-hidden">distance unknown<\/span>/);
  });

  it('when no unit is available, then the dialog says so', () => {
    const html = render(<UnitOptions name="u" ranking={ranking([])} chosenId={undefined} taken={new Set()} onChoose={noop} onEnter={noop} />, { language: 'en' });
    expect(html).toMatch(/data-testid="dispatch-units-empty">No unit available/);
  });

  it('when a listed unit was just taken by another operator, then it cannot be chosen', () => {
    const shown = ranking([{ code: 'ABT-2', distanceKm: 1 }]);
    const html = render(<UnitOptions name="u" ranking={shown} chosenId={undefined} taken={new Set([shown.data[0]!.unit.id])} onChoose={noop} onEnter={noop} />);
    expect(html).toMatch(/type="radio"[^>]*disabled=""/);
    expect(html).toContain('acabou de ser acionada');
  });
});

describe('unit refusals', () => {
  const refused = (language: 'pt-BR' | 'en') => {
    const tracker = new CommandTracker({ fetchCommand: () => new Promise(noop), setTimer: noop, clearTimer: noop });
    const accepted = anAcceptedCommand({ type: 'dispatch.create' });
    tracker.track(accepted, { occurrenceId: 'o-2', unitId: 'u-1', unitCode: 'ABT-12' });
    const currentDispatch = { id: 'd-1', occurrenceId: '7e57ab1e-0000-4000-8000-000000000001', status: 'en_route' };
    tracker.settle({ commandId: accepted.commandId, status: 'failed', commandType: 'dispatch.create', error: { code: 'UNIT_NOT_AVAILABLE', context: { unitId: 'u-1', unitStatus: 'en_route', currentDispatch } } });
    return render(<CommandFeedback commands={tracker.list()} />, { tracker, language });
  };

  it('when a dispatch is refused because the unit is on another job, then the feedback names the unit, that occurrence and its status, and links it', () => {
    expect(refused('en')).toContain('Unit ABT-12 is already on occurrence 7e57ab1e (en route)');
    expect(refused('pt-BR')).toContain('A unidade ABT-12 já está na ocorrência 7e57ab1e (a caminho)');
    expect(refused('en')).toMatch(/href="\/console\/occurrences\/7e57ab1e-0000-4000-8000-000000000001" data-testid="holding-occurrence"/);
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
