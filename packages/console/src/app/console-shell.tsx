import { lazy, Suspense } from 'react';
import { LanguageSwitcher } from '../components/language-switcher';
import { LiveIndicator } from '../components/live-indicator';
import { useI18n } from '../i18n/i18n-context';
import { CommandsScreen } from '../screens/commands-screen';
import { OccurrenceBoard } from '../screens/occurrence-board';
import { ResponseTimesScreen } from '../screens/response-times-screen';
import { UnitsBoard } from '../screens/units-board';
import { hasPermission } from '../domain/permissions';
import type { Session } from '../domain/types';
import { useConsole } from './console-context';
import { Link, useRouter } from './router';
import type { Route } from './routes';

// Only sessions with the `operations` (`users:manage`) permission ever load this screen's code.
const OperationsScreen = lazy(() => import('../screens/operations-screen'));
const UsersScreen = lazy(() => import('../screens/users-screen'));
// Only a person who opens their account loads it, with the QR code's encoder.
const MyAccountScreen = lazy(() => import('../screens/my-account-screen'));

export function ConsoleShell({ onSignOut }: { onSignOut(): void }) {
  const { session } = useConsole();
  const { route } = useRouter();
  const { t } = useI18n();
  const operations = hasPermission(session, 'operations');
  const users = hasPermission(session, 'users:manage');
  const screens: { route: Route; label: string }[] = [
    { route: { screen: 'occurrences' }, label: t('nav.occurrences') },
    { route: { screen: 'units' }, label: t('nav.units') },
    { route: { screen: 'response-times' }, label: t('nav.responseTimes') },
    { route: { screen: 'commands' }, label: t('nav.commands') },
    ...(users ? [{ route: { screen: 'users' } as Route, label: t('nav.users') }] : []),
    ...(operations ? [{ route: { screen: 'operations' } as Route, label: t('nav.operations') }] : []),
  ];
  return (
    <>
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">Atalaia</span>
        <nav aria-label={t('nav.label')}>
          <ul className="nav">
            {screens.map(({ route: target, label }) => (
              <li key={target.screen}>
                <Link to={target} aria-current={route.screen === target.screen ? 'page' : undefined} data-testid={`nav-${target.screen}`}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-tools">
          <LiveIndicator />
          <LanguageSwitcher />
          <SignedInAs session={session} />
          <button type="button" className="button" data-testid="sign-out" onClick={onSignOut}>
            {t('session.signOut')}
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Screen route={route} operations={operations} users={users} />
      </main>
    </>
  );
}

/** Who is signed in: a person by name (the way to their own account) and roles, an API client by its id; and for which agency. */
export function SignedInAs({ session }: { session: Session }) {
  const { t } = useI18n();
  const { route } = useRouter();
  const { client } = session;
  const agency = client.crossAgency ? t('session.crossAgency') : t('session.agency', { agency: client.agencyId });
  if (!client.person) {
    return (
      <span className="client muted" data-testid="session-client" title={client.id}>
        {t('session.signedInAs', { client: client.id.slice(0, 12), agency })}
      </span>
    );
  }
  const roles = client.person.roles.map((role) => t(`role.${role}`)).join(', ');
  return (
    <span className="client" data-testid="session-person" data-user-id={client.person.userId} data-roles={client.person.roles.join(' ')}>
      <Link to={{ screen: 'my-account' }} className="session-account" title={t('session.myAccount')} aria-current={route.screen === 'my-account' ? 'page' : undefined} data-testid="my-account-link">
        <strong data-testid="session-person-name">{client.person.displayName}</strong>
      </Link>
      <span className="muted"> · {t('session.person', { roles: roles || t('session.noRoles'), agency })}</span>
    </span>
  );
}

function Screen({ route, operations, users }: { route: Route; operations: boolean; users: boolean }) {
  const { t } = useI18n();
  switch (route.screen) {
    case 'units':
      return <UnitsBoard />;
    case 'response-times':
      return <ResponseTimesScreen />;
    case 'commands':
      return <CommandsScreen selectedId={route.commandId} />;
    case 'operations':
      if (!operations) return <p className="muted">{t('operations.forbidden')}</p>;
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <OperationsScreen />
        </Suspense>
      );
    case 'users':
      if (!users) return <p className="muted">{t('users.forbidden')}</p>;
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <UsersScreen />
        </Suspense>
      );
    case 'my-account':
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <MyAccountScreen />
        </Suspense>
      );
    case 'occurrences':
      return <OccurrenceBoard selectedId={route.occurrenceId} />;
    default:
      return <OccurrenceBoard />;
  }
}
