import type { Browser, BrowserContext, Page } from 'playwright-core';

/** How long a console test waits for the page to show something. */
export const UI_TIMEOUT_MS = 30_000;

export interface ConsoleSignIn {
  /** False keeps the page off the live stream (its requests are refused): a stale view. */
  live?: boolean;
  locale?: string;
}

/** A new browser context on the console's sign-in form. */
export async function openConsole(browser: Browser, gatewayUrl: string, { live = true, locale = 'pt-BR' }: ConsoleSignIn = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale, acceptDownloads: true });
  const page = await context.newPage();
  if (!live) await page.route('**/api/stream**', (route) => route.abort());
  await page.goto(`${gatewayUrl}/console/`);
  await page.getByTestId('sign-in-form').waitFor({ timeout: UI_TIMEOUT_MS });
  return { context, page };
}

/** Waits for the signed-in console: on the live stream, or (off it) for the navigation. */
export async function waitForSignedIn(page: Page, { live = true }: ConsoleSignIn = {}): Promise<void> {
  if (live) await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: UI_TIMEOUT_MS });
  else await page.getByTestId('nav-occurrences').waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Opens the console in a new browser context and signs in with an API key, the form's secondary way in. */
export async function signInToConsole(browser: Browser, gatewayUrl: string, key: string, options: ConsoleSignIn = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await openConsole(browser, gatewayUrl, options);
  await page.getByTestId('sign-in-use-api-key').click();
  await page.getByTestId('sign-in-api-key').fill(key);
  await page.getByTestId('sign-in-submit').click();
  await waitForSignedIn(page, options);
  return { context, page };
}

/** Fills the person's form (login and password) and submits it; the caller waits for what should follow. */
export async function submitPassword(page: Page, login: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-login').fill(login);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** Opens the console in a new browser context and signs a person in with login and password. */
export async function signInAsPerson(browser: Browser, gatewayUrl: string, login: string, password: string, options: ConsoleSignIn = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await openConsole(browser, gatewayUrl, options);
  await submitPassword(page, login, password);
  await waitForSignedIn(page, options);
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
