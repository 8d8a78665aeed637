/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { buildSystem } from '@atalaia/local-stack';
import { startTelemetry } from '@atalaia/telemetry';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';
import { launchChromium } from '../src/browser';
import { expectLatestCommand, occurrenceRow as row, openOccurrence as openDetail, signInToConsole, UI_TIMEOUT_MS } from '../src/console-browser';

/**
 * The operator console in a real Chromium against the real system: what an
 * operator does on a shift, through the browser only, checked against what
 * the API says happened. Screenshots for the README are taken on the way.
 */
const AGENCY_SCOPES: ApiScope[] = ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read'];
const screenshotsDir = path.resolve(__dirname, '../../../docs/screenshots');

describe('operator console in Chromium', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  const operatorKey = `atalaia_dev_op_${randomUUID().replaceAll('-', '')}`;
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let browser: Browser;
  let operator: GatewayClient;
  let agencyA: GatewayClient;
  let agencyB: GatewayClient;

  beforeAll(async () => {
    const [, launched] = await Promise.all([buildSystem(), launchChromium()]);
    browser = launched;
    system = await startInProcessSystem('console', { OPERATOR_API_KEY: operatorKey, CONSOLE_JAEGER_URL: 'http://127.0.0.1:16686' });
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string) => {
      const { key } = await clients.create({ name: agencyId, agencyId, scopes: AGENCY_SCOPES, rateLimitPerMinute: null });
      return new GatewayClient(system.gatewayUrl, key);
    };
    operator = new GatewayClient(system.gatewayUrl, operatorKey);
    [agencyA, agencyB] = await Promise.all([client('cbm-se'), client('cbm-al')]);
    await mkdir(screenshotsDir, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await prisma?.$disconnect();
    await system?.stop();
    await telemetry.shutdown();
  });

  const signIn = (key: string, options: { live?: boolean } = {}) => signInToConsole(browser, system.gatewayUrl, key, options);

  async function report(client: GatewayClient, externalId: string, type = 'incendio_urbano'): Promise<string> {
    const commandId = await client.send('POST', '/api/integrations/occurrences', {
      externalId,
      type,
      description: `Ocorrência ${externalId} — relatada pelo teste do console`,
      reportedAt: new Date().toISOString(),
    });
    const settled = await client.settle(commandId);
    expect(settled.status).toBe('processed');
    return settled.result.occurrenceId as string;
  }

  it('when an operator signs in, then the board shows every agency with counts, and the key stays out of the page', async () => {
    const [a, b] = [`SE-${randomUUID().slice(0, 8)}`, `AL-${randomUUID().slice(0, 8)}`];
    await Promise.all([report(agencyA, a), report(agencyB, b, 'resgate_veicular')]);

    const { context, page } = await signIn(operatorKey);
    await row(page, a).waitFor({ timeout: UI_TIMEOUT_MS });
    await row(page, b).waitFor({ timeout: UI_TIMEOUT_MS });
    // Counts per status come from the server: both reports are counted.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="status-count"][data-status="reported"]')?.getAttribute('data-count')) >= 2,
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );

    expect(page.url()).not.toContain(operatorKey);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(operatorKey);
    expect(stored).not.toContain('atalaia_session'); // httpOnly: scripts cannot read it
    const [cookie] = (await context.cookies()).filter((candidate) => candidate.name === 'atalaia_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.screenshot({ path: path.join(screenshotsDir, 'console-board.png') });
    await context.close();
  });

  it('when an occurrence is reported through the API, then an open board shows it live, without reloading, highlighted', async () => {
    const { context, page } = await signIn(operatorKey);
    await page.evaluate(() => ((window as Json).__sameDocument = true));
    const externalId = `LIVE-${randomUUID().slice(0, 8)}`;

    const postedAt = performance.now();
    const reported = report(agencyA, externalId);
    await row(page, externalId).waitFor({ timeout: UI_TIMEOUT_MS });
    const onBoardMs = Math.round(performance.now() - postedAt);
    await reported;

    // A figure, not a pass/fail bound (tests never judge wall time): POST → row on an open board.
    process.stdout.write(`console live: reported through the API, on the open board ${onBoardMs} ms later\n`);
    expect(await row(page, externalId).getAttribute('class')).toContain('is-new');
    expect(await page.evaluate(() => (window as Json).__sameDocument)).toBe(true);
    await context.close();
  });

  it('when an operator works an occurrence through every action, then each command goes to processed and the timeline shows it', async () => {
    const externalId = `FLOW-${randomUUID().slice(0, 8)}`;
    const occurrenceId = await report(agencyA, externalId);
    await agencyA.ensureUnit('ABT-12'); // the unit the operator dispatches, in the occurrence's agency's registry
    const { context, page } = await signIn(operatorKey);
    await openDetail(page, externalId);

    await page.getByTestId('action-start').click();
    await expectLatestCommand(page, 'processed');
    await page.locator('[data-testid="occurrence-detail"][data-status="in_progress"]').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.getByTestId('action-dispatch').click();
    await page.locator('[data-testid="dispatch-unit-option"][data-unit-code="ABT-12"]').click();
    await page.getByTestId('dispatch-submit').click();
    const unit = page.locator('[data-testid="dispatch-row"][data-resource-code="ABT-12"]');
    await unit.and(page.locator('[data-status="assigned"]')).waitFor({ timeout: UI_TIMEOUT_MS });

    await unit.getByTestId('action-en-route').click();
    await unit.and(page.locator('[data-status="en_route"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    await unit.getByTestId('action-on-scene').click();
    await unit.and(page.locator('[data-status="on_scene"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('timeline-entry').nth(3).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: path.join(screenshotsDir, 'console-detail.png') });

    await unit.getByTestId('action-close-dispatch').click();
    await unit.and(page.locator('[data-status="closed"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('action-resolve').click();
    await page.locator('[data-testid="occurrence-detail"][data-status="resolved"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('no-actions').waitFor({ timeout: UI_TIMEOUT_MS });

    const trail = await operator.get(`/api/audit?aggregateType=occurrence&aggregateId=${occurrenceId}`);
    expect(trail.body.data.map((entry: Json) => entry.action)).toEqual(expect.arrayContaining(['occurrence.started', 'occurrence.resolved']));
    const recent = await operator.get('/api/commands?limit=20');
    const mine = recent.body.data.filter((command: Json) => command.aggregateId === occurrenceId || command.type.startsWith('dispatch.'));
    expect(mine.length).toBeGreaterThanOrEqual(6);
    expect(mine.every((command: Json) => command.status === 'processed')).toBe(true);

    // Cancelling needs a reason, and goes through too.
    const other = `CANCEL-${randomUUID().slice(0, 8)}`;
    await report(agencyB, other);
    await openDetail(page, other);
    await page.getByTestId('action-cancel').click();
    await page.getByTestId('cancel-reason').fill('Trote confirmado pelo solicitante');
    await page.getByTestId('cancel-submit').click();
    await page.locator('[data-testid="occurrence-detail"][data-status="cancelled"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await context.close();
  });

  it('when the console acts on a stale view, then the refusal is explained in words from its code', async () => {
    const externalId = `STALE-${randomUUID().slice(0, 8)}`;
    const occurrenceId = await report(agencyA, externalId);
    // Off the live stream, the page keeps showing `reported` while the agency cancels it elsewhere.
    const { context, page } = await signIn(operatorKey, { live: false });
    await openDetail(page, externalId);
    const cancelled = await agencyA.settle(await agencyA.send('POST', `/api/occurrences/${occurrenceId}/cancel`, { reason: 'Duplicada' }));
    expect(cancelled.status).toBe('processed');

    expect(await page.locator('[data-testid="occurrence-detail"]').getAttribute('data-status')).toBe('reported');
    await page.getByTestId('action-start').click();

    const error = page.getByTestId('command-feedback').first().getByTestId('command-error');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.getAttribute('data-code')).toBe('OCCURRENCE_ALREADY_CANCELLED');
    expect((await error.textContent())?.toLowerCase()).toContain('cancelad');
    await context.close();
  });

  it('when start is double-clicked, then one command is sent and it acts once', async () => {
    const externalId = `DOUBLE-${randomUUID().slice(0, 8)}`;
    const occurrenceId = await report(agencyA, externalId);
    const { context, page } = await signIn(operatorKey);
    await openDetail(page, externalId);
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/api/occurrences/${occurrenceId}/start`)) keys.push(request.headers()['idempotency-key'] ?? '');
    });

    await page.getByTestId('action-start').dblclick();
    await expectLatestCommand(page, 'processed');

    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(keys).size).toBe(1);
    const recent = await operator.get('/api/commands?limit=50');
    const starts = recent.body.data.filter((command: Json) => command.type === 'occurrence.start' && command.aggregateId === occurrenceId);
    expect(starts).toHaveLength(1);
    const trail = await operator.get(`/api/audit?aggregateType=occurrence&aggregateId=${occurrenceId}`);
    expect(trail.body.data.filter((entry: Json) => entry.action === 'occurrence.started')).toHaveLength(1);
    await context.close();
  });

  it("when an agency-scoped key signs in, then it sees only its agency's occurrences, on the board and live", async () => {
    const [ownBefore, foreignBefore] = [`OWN-${randomUUID().slice(0, 8)}`, `FOREIGN-${randomUUID().slice(0, 8)}`];
    await Promise.all([report(agencyA, ownBefore), report(agencyB, foreignBefore)]);
    const agencyPage = await signIn(agencyA.apiKey);
    const operatorPage = await signIn(operatorKey);
    await row(agencyPage.page, ownBefore).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row(agencyPage.page, foreignBefore).count()).toBe(0);
    expect(await agencyPage.page.getByTestId('filter-agency').count()).toBe(0);

    const [ownLive, foreignLive] = [`OWN-${randomUUID().slice(0, 8)}`, `FOREIGN-${randomUUID().slice(0, 8)}`];
    await report(agencyB, foreignLive);
    await report(agencyA, ownLive);
    // The operator's page got both events from the same gateway feed, so the agency's page has been offered both.
    await row(operatorPage.page, foreignLive).waitFor({ timeout: UI_TIMEOUT_MS });
    await row(operatorPage.page, ownLive).waitFor({ timeout: UI_TIMEOUT_MS });
    await row(agencyPage.page, ownLive).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row(agencyPage.page, foreignLive).count()).toBe(0);
    await Promise.all([agencyPage.context.close(), operatorPage.context.close()]);
  });

  it('when the operator switches to English and signs out, then the console speaks English and the session is gone', async () => {
    const { context, page } = await signIn(operatorKey);
    await page.getByTestId('language-switcher').first().selectOption('en');
    await page.getByTestId('nav-units').getByText('Units').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor({ timeout: UI_TIMEOUT_MS });
    const session = await page.evaluate(async () => (await fetch('/api/session', { credentials: 'same-origin' })).status);
    expect(session).toBe(401);
    await context.close();
  });
});
