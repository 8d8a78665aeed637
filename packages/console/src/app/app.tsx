import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CommandTracker } from '../api/command-tracker';
import { COMMAND_WAIT_SECONDS } from '../domain/command-polling';
import { createConsoleApi, type ConsoleApi } from '../api/console-api';
import { ApiError, createHttpClient, isSessionLoss } from '../api/http-client';
import { LiveStream } from '../api/live-stream';
import { signInErrorOf, type SignInMethod } from '../domain/sign-in-form';
import type { Session } from '../domain/types';
import type { MessageKey } from '../i18n/dictionaries';
import { LanguageProvider, useI18n } from '../i18n/i18n-context';
import { ConsoleProvider, type ConsoleServices } from './console-context';
import { ConsoleShell } from './console-shell';
import { RouterProvider, useRouter } from './router';
import { useResource } from './use-resource';
import { AccountLinkScreen } from '../screens/account-link-screen';
import { SignInScreen } from '../screens/sign-in-screen';

/** Signed out, the form offers first the way the last session signed in (a person's password unless it was an API key). */
type Phase = { name: 'checking' } | { name: 'signed-out'; notice?: MessageKey; method?: SignInMethod } | { name: 'signed-in'; session: Session };

const methodOf = (session: Session): SignInMethod => (session.client.person ? 'password' : 'api_key');

export function App() {
  return (
    <LanguageProvider>
      <RouterProvider>
        <SessionGate />
      </RouterProvider>
    </LanguageProvider>
  );
}

/**
 * Signed in or not: any 401 SESSION_EXPIRED / AUTHENTICATION_REQUIRED sends the operator back to sign-in.
 * A one-time account link's page is public: it opens whether anyone is signed in or not.
 */
function SessionGate() {
  const { t, explain } = useI18n();
  const { route } = useRouter();
  const [redirectRefusal] = useState(takeSignInError);
  const [phase, setPhase] = useState<Phase>({ name: 'checking' });
  const current = useRef(phase);
  current.current = phase;

  const api = useMemo(
    () =>
      createConsoleApi(
        createHttpClient({
          onSessionLost: () => {
            const now = current.current;
            if (now.name === 'signed-in') setPhase({ name: 'signed-out', notice: 'session.expired', method: methodOf(now.session) });
          },
        }),
      ),
    [],
  );

  // Public, and asked once: the agencies whose people may sign in through their identity provider.
  const providers = useResource(() => api.ssoProviders(), 'sso-providers');

  useEffect(() => {
    api.session().then(
      (session) => setPhase({ name: 'signed-in', session }),
      (error: unknown) => setPhase({ name: 'signed-out', notice: error instanceof ApiError && error.code === 'SESSION_EXPIRED' ? 'session.expired' : undefined }),
    );
  }, [api]);

  const signOut = useCallback(() => {
    const now = current.current;
    setPhase({ name: 'signed-out', notice: 'session.signedOut', method: now.name === 'signed-in' ? methodOf(now.session) : undefined });
    api.signOut().catch(() => undefined); // the cookie is gone or will expire; the screen is already closed
  }, [api]);

  if (route.screen === 'account') return <AccountLinkScreen token={route.token} api={api} />;
  if (phase.name === 'checking') return <p className="splash muted">{t('app.loading')}</p>;
  if (phase.name === 'signed-out') {
    return (
      <SignInScreen
        signIn={api.signIn}
        onSignedIn={(session) => setPhase({ name: 'signed-in', session })}
        notice={phase.notice && t(phase.notice)}
        method={phase.method}
        providers={providers.data?.data}
        initialError={redirectRefusal && explain(redirectRefusal)}
      />
    );
  }
  return <SignedIn api={api} session={phase.session} onSignOut={signOut} />;
}

/** Why a sign-in that left the console (single sign-on) came back without a session; taken out of the address, once. */
function takeSignInError(): string | undefined {
  if (typeof location === 'undefined') return undefined;
  const code = signInErrorOf(location.search);
  if (code) history.replaceState(null, '', location.pathname);
  return code;
}

/** The live stream and command tracker live exactly as long as the session. */
function SignedIn({ api, session, onSignOut }: { api: ConsoleApi; session: Session; onSignOut(): void }) {
  const services = useMemo<ConsoleServices>(() => {
    // A waiting read (up to 10 s) for when the stream misses a command's outcome: one request per ten seconds at most, not a polling loop.
    const tracker = new CommandTracker({ fetchCommand: (id) => api.command(id, COMMAND_WAIT_SECONDS) });
    const live = new LiveStream({ shouldReconnect: () => api.session().then(() => true, (error: unknown) => !isSessionLoss(error)) });
    return { api, session, tracker, live };
  }, [api, session]);

  useEffect(() => {
    const { live, tracker } = services;
    const unsubscribe = live.subscribe((event) => event.kind === 'command' && tracker.settle(event.command));
    live.start();
    return () => {
      unsubscribe();
      live.stop();
      tracker.stop();
    };
  }, [services]);

  return (
    <ConsoleProvider services={services}>
      <ConsoleShell onSignOut={onSignOut} />
    </ConsoleProvider>
  );
}
