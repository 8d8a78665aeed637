import type { Browser, BrowserContext, Page } from 'playwright-core';

/** How long a console test waits for the page to show something. */
export const UI_TIMEOUT_MS = 30_000;

export interface ConsoleSignIn {
  /** False keeps the page off the live stream (its requests are refused): a stale view. */
  live?: boolean;
  locale?: string;
}

/** Opens the console in a new browser context and signs in through the form. */
export async function signInToConsole(browser: Browser, gatewayUrl: string, key: string, { live = true, locale = 'pt-BR' }: ConsoleSignIn = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale, acceptDownloads: true });
  const page = await context.newPage();
  if (!live) await page.route('**/api/stream**', (route) => route.abort());
  await page.goto(`${gatewayUrl}/console/`);
  await page.getByTestId('sign-in-api-key').fill(key);
  await page.getByTestId('sign-in-submit').click();
  if (live) await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: UI_TIMEOUT_MS });
  else await page.getByTestId('nav-occurrences').waitFor({ timeout: UI_TIMEOUT_MS });
  return { context, page };
}

export const occurrenceRow = (page: Page, externalId: string) => page.locator(`[data-testid="occurrence-row"][data-external-id="${externalId}"]`);

/** Opens an occurrence from the board and waits for its detail. */
export async function openOccurrence(page: Page, externalId: string): Promise<void> {
  await occurrenceRow(page, externalId).click();
  await page.locator('[data-testid="occurrence-detail"]').getByText(externalId).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The newest command shown on the screen settles with `status`. */
export async function expectLatestCommand(page: Page, status: 'processed' | 'failed'): Promise<void> {
  const latest = page.getByTestId('command-feedback').first();
  await latest.locator(`[data-testid="command-status"][data-status="${status}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
}
