/** The console's screens as paths under /console/ (the gateway serves index.html for each). */
export type Route =
  | { screen: 'occurrences'; occurrenceId?: string }
  | { screen: 'units' }
  | { screen: 'response-times' }
  | { screen: 'commands'; commandId?: string }
  | { screen: 'operations' }
  | { screen: 'users' }
  /** The signed-in person's own account: their authenticator app. */
  | { screen: 'my-account' }
  /** The public "set your password" page of a one-time link: no session needed, the token authenticates. */
  | { screen: 'account'; token: string };

export const basePath = '/console/';

export function parseRoute(pathname: string): Route {
  const path = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname.replace(/^\//, '');
  const [screen, id] = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (screen) {
    case 'units':
      return { screen: 'units' };
    case 'response-times':
      return { screen: 'response-times' };
    case 'commands':
      return id ? { screen: 'commands', commandId: id } : { screen: 'commands' };
    case 'operations':
      return { screen: 'operations' };
    case 'users':
      return { screen: 'users' };
    case 'my-account':
      return { screen: 'my-account' };
    case 'account':
      return id ? { screen: 'account', token: id } : { screen: 'occurrences' };
    case 'occurrences':
      return id ? { screen: 'occurrences', occurrenceId: id } : { screen: 'occurrences' };
    default:
      return { screen: 'occurrences' };
  }
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'occurrences':
      return route.occurrenceId ? `${basePath}occurrences/${encodeURIComponent(route.occurrenceId)}` : `${basePath}occurrences`;
    case 'commands':
      return route.commandId ? `${basePath}commands/${encodeURIComponent(route.commandId)}` : `${basePath}commands`;
    case 'account':
      return `${basePath}account/${encodeURIComponent(route.token)}`;
    default:
      return `${basePath}${route.screen}`;
  }
}
