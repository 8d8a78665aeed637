/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClientStore, argon2PasswordHasher, createGatewayPrisma, SingleSignOnStore, totpCodeAt, UserStore } from '@atalaia/gateway';
import type { Role } from '@atalaia/contracts';
import { buildSystem } from '@atalaia/local-stack';
import { startTelemetry } from '@atalaia/telemetry';
import { startTestOidcProvider, waitFor, type TestOidcProvider } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';
import { launchChromium } from '../src/browser';
import { expectLatestCommand, occurrenceRow, openConsole, openOccurrence, signInAsPerson, submitPassword, UI_TIMEOUT_MS } from '../src/console-browser';

/**
 * People in the console, in a real Chromium against the real system: a call
 * taker, a dispatcher and an auditor of one agency sign in with their
 * passwords; each is offered what their roles allow and nothing else; the
 * call taker reports a phone call from the form, the dispatcher works it, and
 * the auditor reads a timeline that names each of them. The steps follow one
 * occurrence through a shift, so each builds on the one before. Then the
 * agency administrator invites a person, who sets a password through the
 * one-time link, and changes, resets and disables that account. Last, the
 * dispatcher sets up an authenticator app from their own account page, and
 * the administrator removes it again.
 */
const AGENCY = 'cbm-se';
const SSO_AGENCY = 'cbm-al';
const PASSWORD = 'mangue seco ao entardecer';

interface Person {
  login: string;
  displayName: string;
  roles: Role[];
}
const people = {
  callTaker: { login: 'ana.atendente', displayName: 'Ana Atendente', roles: ['call_taker'] },
  dispatcher: { login: 'davi.despachante', displayName: 'Davi Despachante', roles: ['dispatcher'] },
  auditor: { login: 'alice.auditora', displayName: 'Alice Auditora', roles: ['auditor'] },
  admin: { login: 'ines.admin', displayName: 'Inês Administradora', roles: ['agency_admin'] },
} satisfies Record<string, Person>;
/** Invited by the administrator, not created by the test: their password is set through the link. */
const invited = { login: 'bruno.bombeiro', displayName: 'Bruno Bombeiro', password: 'sirene ao longe na madrugada' };

describe('people in the console, in Chromium', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let browser: Browser;
  let fleet: GatewayClient;
  /** The identity provider of a second agency, whose people sign in by single sign-on. */
  let provider: TestOidcProvider;
  const opened: BrowserContext[] = [];
  /** The call the call taker reports, worked on by the steps after. */
  const call = { externalId: '', occurrenceId: '' };

  beforeAll(async () => {
    const [, launched] = await Promise.all([buildSystem(), launchChromium()]);
    browser = launched;
    system = await startInProcessSystem('console_people');
    const prisma = createGatewayPrisma(system.databases.gateway.url);
    const hasher = argon2PasswordHasher();
    const users = new UserStore(prisma);
    for (const person of Object.values(people)) {
      const created = await users.create({ agencyId: AGENCY, ...person, passwordHash: await hasher.hash(PASSWORD) });
      if (!created) throw new Error(`login ${person.login} taken`);
    }
    // Units are registered by the agency's fleet integration, an API client: no role here manages units.
    const { key } = await new ApiClientStore(prisma).create({ name: 'fleet', agencyId: AGENCY, scopes: ['units:write', 'read', 'audit:read'], rateLimitPerMinute: null });
    provider = await startTestOidcProvider({
      clients: [{ client_id: 'atalaia', client_secret: 'segredo', redirect_uris: [`${system.gatewayUrl}/api/sso/callback`] }],
      accounts: { 'carla.sso': { name: 'Carla Supervisora', preferred_username: 'carla', groups: ['Supervisão'] } },
    });
    await new SingleSignOnStore(prisma).saveProvider({
      agencyId: SSO_AGENCY,
      displayName: 'CBM-AL',
      issuer: provider.issuer,
      clientId: 'atalaia',
      clientSecret: 'segredo',
      rolesClaim: 'groups',
      roleMapping: { Supervisão: ['supervisor'] },
    });
    await prisma.$disconnect();
    fleet = new GatewayClient(system.gatewayUrl, key);
    await fleet.registerUnit('ABT-41');
  }, 600_000);

  afterAll(async () => {
    await Promise.all(opened.map((context) => context.close()));
    await browser?.close();
    await provider?.stop();
    await system?.stop();
    await telemetry.shutdown();
  });

  const signIn = async (person: Person, password = PASSWORD): Promise<Page> => {
    const { context, page } = await signInAsPerson(browser, system.gatewayUrl, person.login, password);
    opened.push(context);
    return page;
  };
  const actionButtons = (page: Page) => page.locator('[data-testid="occurrence-detail"] [data-testid^="action-"]');

  it('when a person signs in with a wrong password, then the form explains it without saying what was wrong; with the right one, the shell names them and their roles', async () => {
    const { context, page } = await openConsole(browser, system.gatewayUrl);
    opened.push(context);

    await submitPassword(page, people.dispatcher.login, 'not the password at all');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toMatch(/login, a senha ou o código pode estar errado.*não dizemos qual/);
    expect(await page.getByTestId('sign-in-password').inputValue()).toBe('');
    expect(await page.getByTestId('sign-in-login').inputValue()).toBe(people.dispatcher.login);

    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('session-person-name').getByText(people.dispatcher.displayName).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('session-person').textContent()).toContain('Despachante');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(PASSWORD);
  });

  it('when a single sign-on comes back refused, then the sign-in page explains why and the code leaves the address', async () => {
    const context = await browser.newContext({ locale: 'pt-BR' });
    opened.push(context);
    const page = await context.newPage();
    await page.goto(`${system.gatewayUrl}/console/?signInError=SSO_NO_ROLE`);
    await page.getByTestId('sign-in-error').getByText('não lhe dá nenhum papel no console').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('sign-in-sso').count()).toBe(1); // one agency of this system has single sign-on
  });

  it('when a person signs in through their agency\'s single sign-on, then the provider\'s own pages bring them back signed in, with the roles its claim gives', async () => {
    const { context, page } = await openConsole(browser, system.gatewayUrl);
    opened.push(context);

    await page.locator(`[data-testid="sign-in-sso"][data-agency="${SSO_AGENCY}"]`).click();
    // The provider's development sign-in page, then its consent page: a real authorization code flow with PKCE.
    await page.locator('input[name="login"]').fill('carla.sso');
    await page.locator('input[name="password"]').fill('qualquer');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();

    await page.getByTestId('session-person-name').getByText('Carla Supervisora').waitFor({ timeout: UI_TIMEOUT_MS });
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session.client).toMatchObject({ agencyId: SSO_AGENCY, person: { displayName: 'Carla Supervisora', roles: ['supervisor'] } });
    expect(new URL(page.url()).origin).toBe(system.gatewayUrl);
  });

  it('when the call taker reports a call from the form, then the new occurrence opens, is on the board with its processed command, and no lifecycle or dispatch action is offered to them', async () => {
    const page = await signIn(people.callTaker);
    await page.getByTestId('report-occurrence').click();
    const dialog = page.getByTestId('report-dialog');
    call.externalId = await dialog.getByTestId('report-external-id').inputValue();
    expect(call.externalId).toMatch(/^CALL-\d{8}-\d{4}-[0-9a-f]{8}$/);
    await dialog.getByTestId('report-type').selectOption('resgate_veicular');
    await dialog.getByTestId('report-priority').selectOption('8');
    await dialog.getByTestId('report-description').fill('Colisão entre carro e moto, uma vítima presa às ferragens');
    await dialog.getByTestId('report-address').fill('Av. Beira Mar, 1500');
    await dialog.getByTestId('report-municipality').fill('Aracaju');
    await dialog.getByTestId('report-submit').click();

    const detail = page.locator(`[data-testid="occurrence-detail"][data-status="reported"]`);
    await detail.getByText(call.externalId).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await occurrenceRow(page, call.externalId).waitFor({ timeout: UI_TIMEOUT_MS });
    await expectLatestCommand(page, 'processed');
    expect(await page.getByTestId('board-reports').getByTestId('command-status').first().getAttribute('data-status')).toBe('processed');
    call.occurrenceId = page.url().split('/').pop() ?? '';

    expect(await actionButtons(page).count()).toBe(0);
    expect(await page.locator('[data-testid="no-actions"][data-reason="permission"]').count()).toBe(1);
    const reported = await fleet.get(`/api/occurrences/${call.occurrenceId}`);
    expect(reported.body).toMatchObject({ externalId: call.externalId, type: 'resgate_veicular', priority: 8, status: 'reported' });
  });

  it('when the dispatcher opens the call, then they start it and dispatch a unit, but are not offered to cancel it', async () => {
    const page = await signIn(people.dispatcher);
    await openOccurrence(page, call.externalId);
    expect(await page.getByTestId('report-occurrence').count()).toBe(0);
    expect(await page.getByTestId('action-cancel').count()).toBe(0);

    await page.getByTestId('action-start').click();
    await expectLatestCommand(page, 'processed');
    await page.locator('[data-testid="occurrence-detail"][data-status="in_progress"]').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.getByTestId('action-dispatch').click();
    await page.locator('[data-testid="dispatch-unit-option"][data-unit-code="ABT-41"]').click();
    await page.getByTestId('dispatch-submit').click();
    await page.locator('[data-testid="dispatch-row"][data-resource-code="ABT-41"][data-status="assigned"]').waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('when the auditor opens the call, then nothing is offered, and the timeline names the call taker on the report and the dispatcher on the start', async () => {
    // The trail is written from the services' events a moment after each command: the auditor opens the call once both are in.
    await waitFor(
      async () => {
        const actions = (await fleet.auditTrail('occurrence', call.occurrenceId)).map((entry: Json) => entry.action);
        return actions.includes('occurrence.created') && actions.includes('occurrence.started');
      },
      { timeoutMs: UI_TIMEOUT_MS, description: 'the report and the start in the audit trail' },
    );
    const page = await signIn(people.auditor);
    await openOccurrence(page, call.externalId);
    expect(await page.getByTestId('report-occurrence').count()).toBe(0);
    expect(await actionButtons(page).count()).toBe(0);
    expect(await page.locator('[data-testid="dispatch-row"] [data-testid^="action-"]').count()).toBe(0);

    const actorOf = (action: string) => page.locator(`[data-testid="timeline-entry"][data-action="${action}"] [data-testid="timeline-actor"]`).first();
    await actorOf('occurrence.started').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await actorOf('occurrence.created').textContent()).toContain(people.callTaker.displayName);
    expect(await actorOf('occurrence.started').textContent()).toContain(people.dispatcher.displayName);
  });

  it('when the auditor forces an action anyway, then the gateway refuses it for the permission it needs and the console explains that refusal', async () => {
    const page = await signIn(people.auditor);
    // Straight from the auditor's page, with their session cookie: the gateway decides, whatever the console offers.
    const forced = await page.evaluate(async (occurrenceId) => {
      const response = await fetch(`/api/occurrences/${occurrenceId}/resolve`, { method: 'POST', credentials: 'same-origin', headers: { 'Idempotency-Key': crypto.randomUUID() } });
      return { status: response.status, body: await response.json() };
    }, call.occurrenceId);
    expect(forced.status).toBe(403);
    expect(forced.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE', detail: expect.stringContaining('requires permission occurrences:progress') });

    // A console that believes it may resolve (a stale or tampered view) offers the button; the gateway still refuses.
    await page.context().route('**/api/session', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const session = (await response.json()) as Json;
      session.client.permissions.push('occurrences:progress');
      await route.fulfill({ response, json: session });
    });
    await page.goto(`${system.gatewayUrl}/console/occurrences/${call.occurrenceId}`);
    await page.getByTestId('action-resolve').click();
    const refusal = page.locator('[data-testid="command-error"][data-code="INSUFFICIENT_SCOPE"]');
    await refusal.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await refusal.getAttribute('data-permission')).toBe('occurrences:progress');
    expect(await refusal.textContent()).toMatch(/Sem permissão para esta ação.*iniciar e resolver atendimentos/);
    expect((await fleet.get(`/api/occurrences/${call.occurrenceId}`)).body.status).toBe('in_progress');
  });

  /** The account's row on the administrator's users screen. */
  const userRow = (page: Page, login: string) => page.locator(`[data-testid="user-row"][data-login="${login}"]`);

  /** Opens a one-time link in a fresh browser and sets `password` with it. */
  async function setPasswordThrough(address: string, password: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'pt-BR' });
    opened.push(context);
    const page = await context.newPage();
    await page.goto(address);
    await page.getByTestId('account-password').fill(password);
    await page.getByTestId('account-password-confirmation').fill(password);
    await page.getByTestId('account-submit').click();
    return page;
  }

  it('when the administrator invites a person, then the one-time link shown once sets their password (the policy explaining a refusal) and they sign in with it', async () => {
    const admin = await signIn(people.admin);
    await admin.getByTestId('nav-users').click();
    await userRow(admin, people.callTaker.login).waitFor({ timeout: UI_TIMEOUT_MS });
    await admin.getByTestId('invite-user').click();
    await admin.getByTestId('invite-display-name').fill(invited.displayName);
    await admin.getByTestId('invite-login').fill(invited.login);
    await admin.locator('[data-testid="role-choice"][data-role="call_taker"]').check();
    expect(await admin.locator('[data-testid="role-choice"][data-role="platform_operator"]').count()).toBe(0);
    await admin.getByTestId('invite-user-submit').click();
    const address = await admin.getByTestId('issued-link-address').inputValue();
    expect(address).toMatch(new RegExp(`^${system.gatewayUrl}/console/account/[A-Za-z0-9_-]{43}$`));
    await admin.getByTestId('invite-user-done').click();
    await userRow(admin, invited.login).and(admin.locator('[data-status="invited"]')).waitFor({ timeout: UI_TIMEOUT_MS });

    const refused = await setPasswordThrough(address, 'eu sou o bruno da serra');
    await refused.locator('[data-testid="account-password-problem"][data-problem="contains_account_name"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await refused.getByTestId('account-password').fill(invited.password);
    await refused.getByTestId('account-password-confirmation').fill(invited.password);
    await refused.getByTestId('account-submit').click();
    await refused.getByTestId('account-password-set').waitFor({ timeout: UI_TIMEOUT_MS });
    await refused.getByTestId('account-sign-in').click();
    await submitPassword(refused, invited.login, invited.password);
    await refused.getByTestId('session-person-name').getByText(invited.displayName).waitFor({ timeout: UI_TIMEOUT_MS });

    // Used once: the same link no longer works, and says so.
    const again = await (await browser.newContext()).newPage();
    opened.push(again.context());
    await again.goto(address);
    await again.locator('[data-testid="account-link-error"][data-code="ACCOUNT_LINK_NOT_FOUND"]').waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('when the administrator changes the roles of a signed-in person, then that session ends at once and the person comes back with the new roles', async () => {
    const person = await signIn({ login: invited.login, displayName: invited.displayName, roles: ['call_taker'] }, invited.password);
    expect(await person.getByTestId('report-occurrence').count()).toBe(1);
    const admin = await signIn(people.admin);
    await admin.getByTestId('nav-users').click();
    await userRow(admin, invited.login).getByTestId('user-change-roles').click();
    await admin.locator('[data-testid="role-choice"][data-role="call_taker"]').uncheck();
    await admin.locator('[data-testid="role-choice"][data-role="dispatcher"]').check();
    await admin.getByTestId('user-roles-submit').click();
    await userRow(admin, invited.login).getByTestId('user-roles').getByText('Despachante').waitFor({ timeout: UI_TIMEOUT_MS });

    await person.getByTestId('nav-units').click();
    await person.getByTestId('sign-in-notice').waitFor({ timeout: UI_TIMEOUT_MS });
    await submitPassword(person, invited.login, invited.password);
    await person.locator('[data-testid="session-person"][data-roles="dispatcher"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await person.getByTestId('report-occurrence').count()).toBe(0);
  });

  it('when the administrator issues a reset link and then disables the account, then the new password replaces the old one, and disabling ends the session', async () => {
    const admin = await signIn(people.admin);
    await admin.getByTestId('nav-users').click();
    await userRow(admin, invited.login).getByTestId('user-issue-link').click();
    const dialog = admin.getByTestId('issued-link-dialog');
    expect(await dialog.getByTestId('issued-link').getAttribute('data-purpose')).toBe('reset');
    const address = await dialog.getByTestId('issued-link-address').inputValue();
    await admin.keyboard.press('Escape');
    const renewed = 'farol aceso na barra dos coqueiros';
    await (await setPasswordThrough(address, renewed)).getByTestId('account-password-set').waitFor({ timeout: UI_TIMEOUT_MS });

    const { context, page: oldPassword } = await openConsole(browser, system.gatewayUrl);
    opened.push(context);
    await submitPassword(oldPassword, invited.login, invited.password);
    await oldPassword.getByTestId('sign-in-error').waitFor({ timeout: UI_TIMEOUT_MS });
    const person = await signIn({ login: invited.login, displayName: invited.displayName, roles: ['dispatcher'] }, renewed);

    await userRow(admin, invited.login).getByTestId('user-disable').click();
    await admin.getByTestId('disable-user-confirm').click();
    await userRow(admin, invited.login).and(admin.locator('[data-status="disabled"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await userRow(admin, invited.login).getByRole('button').count()).toBe(0);
    await person.getByTestId('nav-units').click();
    await person.getByTestId('sign-in-notice').waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('when the dispatcher sets up an authenticator app from their account, then sign-in asks for its code; once the administrator removes it, the password alone signs them in', async () => {
    const { login, displayName } = people.dispatcher;
    const person = await signIn(people.dispatcher);
    await person.getByTestId('my-account-link').click();
    await person.locator('[data-testid="second-factor"][data-state="off"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const enrolment = person.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/me/second-factor');
    await person.getByTestId('second-factor-start').click();
    const { uri } = (await (await enrolment).json()) as { uri: string };

    // The key shown for typing by hand is the secret of the URI the QR code draws.
    const secret = (await person.getByTestId('second-factor-secret').textContent())!.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    expect(uri).toMatch(new RegExp(`^otpauth://totp/Atalaia:${login}\\?`));
    expect(await person.locator('[data-testid="second-factor-qr"] path').getAttribute('d')).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    const confirmedAt = Date.now();
    await person.getByTestId('second-factor-code').fill(totpCodeAt(secret, confirmedAt));
    await person.getByTestId('second-factor-confirm').click();
    await person.getByTestId('second-factor-enrolled').waitFor({ timeout: UI_TIMEOUT_MS });
    const stored = await person.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(secret);

    await person.getByTestId('sign-out').click();
    await submitPassword(person, login, PASSWORD);
    await person.getByTestId('sign-in-code-step').waitFor({ timeout: UI_TIMEOUT_MS });
    // A code is accepted once: the next time step's code, not the one that confirmed the enrolment.
    await person.getByTestId('sign-in-code').fill(totpCodeAt(secret, confirmedAt + 30_000));
    await person.getByTestId('sign-in-submit').click();
    await person.getByTestId('session-person-name').getByText(displayName).waitFor({ timeout: UI_TIMEOUT_MS });
    await person.locator('[data-testid="second-factor"][data-state="on"]').waitFor({ timeout: UI_TIMEOUT_MS });

    const admin = await signIn(people.admin);
    await admin.getByTestId('nav-users').click();
    await userRow(admin, login).and(admin.locator('[data-second-factor="true"]')).getByTestId('user-remove-second-factor').click();
    await admin.getByTestId('remove-second-factor-confirm').click();
    await userRow(admin, login).and(admin.locator('[data-second-factor="false"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await userRow(admin, login).getByTestId('user-remove-second-factor').count()).toBe(0);

    // Removing it ended the person's session; they come back with the password alone, free to enrol again.
    await person.getByTestId('nav-units').click();
    await person.getByTestId('sign-in-notice').waitFor({ timeout: UI_TIMEOUT_MS });
    await submitPassword(person, login, PASSWORD);
    await person.getByTestId('session-person-name').getByText(displayName).waitFor({ timeout: UI_TIMEOUT_MS });
    await person.getByTestId('my-account-link').click();
    await person.locator('[data-testid="second-factor"][data-state="off"]').waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
