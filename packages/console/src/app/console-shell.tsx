import { lazy, Suspense } from 'react';
import { LanguageSwitcher } from '../components/language-switcher';
import { LiveIndicator } from '../components/live-indicator';
import { useI18n } from '../i18n/i18n-context';
import { CommandsScreen } from '../screens/commands-screen';
import { OccurrenceBoard } from '../screens/occurrence-board';
import { ResponseTimesScreen } from '../screens/response-times-screen';
import { UnitsBoard } from '../screens/units-board';
import { hasScope, useConsole } from './console-context';
import { Link, useRouter } from './router';
import type { Route } from './routes';

// Only operators with the `operations` scope ever load this screen's code.
const OperationsScreen = lazy(() => import('../screens/operations-screen'));

export function ConsoleShell({ onSignOut }: { onSignOut(): void }) {
  const { session } = useConsole();
  const { route } = useRouter();
  const { t } = useI18n();
  const operations = hasScope(session, 'operations');
  const screens: { route: Route; label: string }[] = [
    { route: { screen: 'occurrences' }, label: t('nav.occurrences') },
    { route: { screen: 'units' }, label: t('nav.units') },
    { route: { screen: 'response-times' }, label: t('nav.responseTimes') },
    { route: { screen: 'commands' }, label: t('nav.commands') },
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
          <span className="client muted" data-testid="session-client" title={session.client.id}>
            {t('session.signedInAs', {
              client: session.client.id.slice(0, 12),
              agency: session.client.crossAgency ? t('session.crossAgency') : t('session.agency', { agency: session.client.agencyId }),
            })}
          </span>
          <button type="button" className="button" data-testid="sign-out" onClick={onSignOut}>
            {t('session.signOut')}
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Screen route={route} operations={operations} />
      </main>
    </>
  );
}

function Screen({ route, operations }: { route: Route; operations: boolean }) {
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
    default:
      return <OccurrenceBoard selectedId={route.occurrenceId} />;
  }
}
