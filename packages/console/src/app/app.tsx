import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CommandTracker } from '../api/command-tracker';
import { COMMAND_WAIT_SECONDS } from '../domain/command-polling';
import { createConsoleApi, type ConsoleApi } from '../api/console-api';
import { ApiError, createHttpClient, isSessionLoss } from '../api/http-client';
import { LiveStream } from '../api/live-stream';
import type { Session } from '../domain/types';
import type { MessageKey } from '../i18n/dictionaries';
import { LanguageProvider, useI18n } from '../i18n/i18n-context';
import { ConsoleProvider, type ConsoleServices } from './console-context';
import { ConsoleShell } from './console-shell';
import { RouterProvider } from './router';
import { SignInScreen } from '../screens/sign-in-screen';

type Phase = { name: 'checking' } | { name: 'signed-out'; notice?: MessageKey } | { name: 'signed-in'; session: Session };

export function App() {
  return (
    <LanguageProvider>
      <RouterProvider>
        <SessionGate />
      </RouterProvider>
    </LanguageProvider>
  );
}

/** Signed in or not: any 401 SESSION_EXPIRED / AUTHENTICATION_REQUIRED sends the operator back to sign-in. */
function SessionGate() {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ name: 'checking' });
  const signedIn = useRef(false);
  signedIn.current = phase.name === 'signed-in';

  const api = useMemo(
    () =>
      createConsoleApi(
        createHttpClient({
          onSessionLost: () => signedIn.current && setPhase({ name: 'signed-out', notice: 'session.expired' }),
        }),
      ),
    [],
  );

  useEffect(() => {
    api.session().then(
      (session) => setPhase({ name: 'signed-in', session }),
      (error: unknown) => setPhase({ name: 'signed-out', notice: error instanceof ApiError && error.code === 'SESSION_EXPIRED' ? 'session.expired' : undefined }),
    );
  }, [api]);

  const signOut = useCallback(() => {
    setPhase({ name: 'signed-out', notice: 'session.signedOut' });
    api.signOut().catch(() => undefined); // the cookie is gone or will expire; the screen is already closed
  }, [api]);

  if (phase.name === 'checking') return <p className="splash muted">{t('app.loading')}</p>;
  if (phase.name === 'signed-out') {
    return <SignInScreen signIn={api.signIn} onSignedIn={(session) => setPhase({ name: 'signed-in', session })} notice={phase.notice && t(phase.notice)} />;
  }
  return <SignedIn api={api} session={phase.session} onSignOut={signOut} />;
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
