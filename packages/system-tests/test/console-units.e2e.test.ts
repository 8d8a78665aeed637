/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { buildSystem } from '@atalaia/local-stack';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';
import { launchChromium } from '../src/browser';
import { expectLatestCommand, openOccurrence, signInToConsole, UI_TIMEOUT_MS } from '../src/console-browser';

/**
 * The console's units in a real Chromium against the real system: the
 * dispatch dialog offers the agency's available units nearest first and
 * sends one; the board follows it live; a unit taken meanwhile is refused and
 * the refusal says by which occurrence; the response-times screen draws its
 * histograms from what happened.
 */
const AGENCY_SCOPES: ApiScope[] = ['occurrences:write', 'dispatches:write', 'units:write', 'read'];

// Aracaju: the occurrence in the centre; stations at about 1, 5 and 15 km. The nearest has the code
// that sorts last, so an order by distance cannot be mistaken for the order by code that units
// without distances get.
const OCCURRENCE_POINT = { latitude: -10.9111, longitude: -37.0717 };
const STATIONS = {
  'UR-31': { name: 'Posto Centro', latitude: -10.9185, longitude: -37.0650 },
  'ABT-32': { name: 'Quartel Siqueira Campos', latitude: -10.9300, longitude: -37.1100 },
  'ABT-33': { name: 'Posto Mosqueiro', latitude: -11.0400, longitude: -37.1300 },
} as const;

describe('console units in Chromium', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let browser: Browser;
  let agency: GatewayClient;
  const unitIds = new Map<string, string>();
  const occurrences: Record<'first' | 'second', { id: string; externalId: string }> = {} as never;

  beforeAll(async () => {
    const [, launched] = await Promise.all([buildSystem(), launchChromium()]);
    browser = launched;
    system = await startInProcessSystem('console_units');
    const prisma = createGatewayPrisma(system.databases.gateway.url);
    const { key } = await new ApiClientStore(prisma).create({ name: 'cbm-se', agencyId: 'cbm-se', scopes: AGENCY_SCOPES, rateLimitPerMinute: null });
    await prisma.$disconnect();
    agency = new GatewayClient(system.gatewayUrl, key);
    for (const [code, station] of Object.entries(STATIONS)) unitIds.set(code, await agency.registerUnit(code, { station }));
    for (const which of ['first', 'second'] as const) {
      const externalId = `UNITS-${which}-${randomUUID().slice(0, 8)}`;
      occurrences[which] = { externalId, id: await agency.createOccurrence({ externalId, reportedAt: new Date().toISOString(), location: OCCURRENCE_POINT }) };
    }
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await telemetry.shutdown();
  });

  const signIn = (options: { live?: boolean } = {}) => signInToConsole(browser, system.gatewayUrl, agency.apiKey, options);

  /** The ranking the dialog will show, once the dispatch service knows the occurrence. */
  const nearestByApi = (occurrenceId: string) =>
    waitFor(
      async () => {
        const answer = await agency.get(`/api/occurrences/${occurrenceId}/nearest-units`);
        return answer.status === 200 && (answer.body as Json);
      },
      { timeoutMs: UI_TIMEOUT_MS, description: `occurrence ${occurrenceId} known to the dispatch service` },
    );

  const card = (page: Page, code: string) => page.locator(`[data-testid="unit-card"][data-unit-code="${code}"]`);
  const optionCodes = (page: Page) => page.getByTestId('dispatch-unit-option').evaluateAll((options) => options.map((option) => option.getAttribute('data-unit-code')));

  it('when the nearest available unit is dispatched from the dialog, then it leaves the available list and moves on the board, live', async () => {
    const ranking = await nearestByApi(occurrences.first.id);
    expect(ranking.occurrence).toMatchObject(OCCURRENCE_POINT);
    const board = await signIn();
    await board.page.getByTestId('nav-units').click();
    await card(board.page, 'UR-31').and(board.page.locator('[data-status="available"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    await board.page.evaluate(() => ((window as Json).__sameDocument = true));
    const { context, page } = await signIn();
    await openOccurrence(page, occurrences.first.externalId);

    await page.getByTestId('action-dispatch').click();
    await page.getByTestId('dispatch-unit-option').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await optionCodes(page)).toEqual(['UR-31', 'ABT-32', 'ABT-33']);
    const distances = await page.getByTestId('dispatch-unit-option').evaluateAll((options) => options.map((option) => Number(option.getAttribute('data-distance-km') || Number.NaN)));
    expect(distances.every(Number.isFinite)).toBe(true);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(await page.getByTestId('dispatch-unit-option').first().textContent()).toMatch(/UR-31.*UR.*\d,\d km/);
    // The keyboard alone: the nearest is chosen and focused, Enter sends it.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.closest('[data-testid="dispatch-unit-option"]')?.getAttribute('data-unit-code'))).toBe('UR-31');
    await page.keyboard.press('Enter');
    await expectLatestCommand(page, 'processed');
    await page.locator('[data-testid="dispatch-row"][data-resource-code="UR-31"][data-status="assigned"]').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.getByTestId('action-dispatch').click();
    await page.getByTestId('dispatch-unit-option').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await optionCodes(page)).toEqual(['ABT-32', 'ABT-33']);
    await page.keyboard.press('Escape');
    const onBoard = card(board.page, 'UR-31').and(board.page.locator('[data-status="assigned"]'));
    await onBoard.getByTestId('unit-occurrence').and(board.page.locator(`[data-occurrence-id="${occurrences.first.id}"]`)).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await board.page.locator('[data-testid="units-column"][data-status="available"] [data-unit-code="UR-31"]').count()).toBe(0);
    expect(await board.page.evaluate(() => (window as Json).__sameDocument)).toBe(true); // moved live, never reloaded
    await Promise.all([context.close(), board.context.close()]);
  });

  it('when a unit listed in an open dialog is sent elsewhere first, then choosing it is refused and the console says which occurrence holds it', async () => {
    await nearestByApi(occurrences.second.id);
    // Off the live stream, the dialog keeps offering ABT-32 while the agency sends it to the first occurrence.
    const { context, page } = await signIn({ live: false });
    await openOccurrence(page, occurrences.second.externalId);
    await page.getByTestId('action-dispatch').click();
    await page.locator('[data-testid="dispatch-unit-option"][data-unit-code="ABT-32"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const elsewhere = await agency.dispatchUnit(occurrences.first.id, 'ABT-32');
    expect(elsewhere.status).toBe('processed');

    await page.locator('[data-testid="dispatch-unit-option"][data-unit-code="ABT-32"]').click();
    await page.getByTestId('dispatch-submit').click();

    const error = page.getByTestId('command-feedback').first().getByTestId('command-error');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.getAttribute('data-code')).toBe('UNIT_NOT_AVAILABLE');
    const heldBy = occurrences.first.id.slice(0, 8);
    expect(await error.textContent()).toContain(`A unidade ABT-32 já está na ocorrência ${heldBy} (acionada)`);
    expect(await error.getByTestId('holding-occurrence').getAttribute('href')).toBe(`/console/occurrences/${occurrences.first.id}`);
    await page.getByTestId('language-switcher').first().selectOption('en');
    await error.getByText(`Unit ABT-32 is already on occurrence ${heldBy} (assigned)`).waitFor({ timeout: UI_TIMEOUT_MS });
    await context.close();
  });

  it('when the response-times screen opens, then it draws each interval with bars from this week and exports them as CSV', async () => {
    const dispatchId = (await agency.get(`/api/occurrences/${occurrences.first.id}`)).body.dispatches.find((dispatch: Json) => dispatch.resourceCode === 'UR-31').id;
    for (const status of ['en_route', 'on_scene']) expect((await agency.run('PATCH', `/api/dispatches/${dispatchId}/status`, { status })).status).toBe('processed');
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    await waitFor(
      async () => {
        const { body } = await agency.get(`/api/reports/response-times?from=${from}&to=${to}&groupBy=none`);
        return body.groups?.[0]?.intervals.travel.count >= 1;
      },
      { timeoutMs: UI_TIMEOUT_MS, description: 'the travel milestone in the report' },
    );
    const { context, page } = await signIn();

    await page.getByTestId('nav-response-times').click();

    const bars = (interval: string) => page.locator(`[data-testid="response-chart"][data-interval="${interval}"] [data-testid="histogram-bar"]`);
    await bars('callProcessing').first().waitFor({ timeout: UI_TIMEOUT_MS });
    for (const interval of ['callProcessing', 'turnout', 'travel']) {
      const counts = await bars(interval).evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('data-count'))));
      expect(counts).toHaveLength(13);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(1);
      const tallest = await bars(interval).evaluateAll((rects) => Math.max(...rects.map((rect) => rect.getBoundingClientRect().height)));
      expect(tallest).toBeGreaterThan(10);
    }
    await page.locator('[data-testid="response-chart"][data-interval="turnout"] [data-testid="target-line"]').waitFor();
    await page.locator('[data-testid="response-chart"][data-interval="travel"] [data-testid="p90-marker"]').waitFor();
    expect(Number(await page.locator('[data-testid="response-row"][data-interval="callProcessing"]').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('response-times-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^response-times_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^from,to,agency_id,type,priority,occurrences,interval,count,p50_seconds,p90_seconds,target_seconds,meeting_target_share,count_le_30s,/);
    expect(lines.slice(1).map((line) => line.split(',')[6])).toEqual(['callProcessing', 'turnout', 'travel', 'onScene']);
    await context.close();
  });
});
