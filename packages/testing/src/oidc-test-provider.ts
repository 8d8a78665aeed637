import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A client registered at the test provider. */
export interface TestOidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestOidcProviderOptions {
  clients: TestOidcClient[];
  /** Login → claims (name, preferred_username, roles, groups…) of the account that login signs in as. */
  accounts: Record<string, Record<string, unknown>>;
}

export interface TestOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * Starts the real `oidc-provider` in a child process (see
 * oidc-provider-process.mjs) and resolves once it serves at `issuer`.
 */
export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const child = spawn(process.execPath, ['--no-warnings', path.join(__dirname, 'oidc-provider-process.mjs')], {
    env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_PROVIDER_CONFIG: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  const issuer = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = /^ready (\S+)$/.exec(line);
      if (ready) resolve(ready[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the test OpenID provider exited with ${code}:\n${output.join('\n')}`)));
  });
  return { issuer, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Signs in at the test provider as a browser would, without one: follows
 * the authorization URL through the provider's development sign-in and
 * consent forms, keeping its cookies, and returns the URL the provider
 * finally sends the browser to (the client's redirect URI, with the code).
 */
export async function signInAtTestProvider(authorizationUrl: string, login: string, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  let next = new URL(authorizationUrl);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step += 1) {
    if (next.toString().startsWith(redirectUri)) return next;
    const response = await fetch(next, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: form.toString() } : {}),
    });
    remember(response);
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      next = new URL(location, next);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`the test provider answered ${response.status} without a form:\n${page.slice(0, 500)}`);
    next = new URL(action.replaceAll('&amp;', '&'), next);
    form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
  }
  throw new Error('the test provider did not send the browser back to the client');
}
