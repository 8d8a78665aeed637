import { parseRoute, routeHref, type Route } from '../src/app/routes';

describe('routes', () => {
  it.each<[string, Route]>([
    ['/console/', { screen: 'occurrences' }],
    ['/console/occurrences', { screen: 'occurrences' }],
    ['/console/occurrences/abc', { screen: 'occurrences', occurrenceId: 'abc' }],
    ['/console/units', { screen: 'units' }],
    ['/console/response-times', { screen: 'response-times' }],
    ['/console/commands/c-1', { screen: 'commands', commandId: 'c-1' }],
    ['/console/operations', { screen: 'operations' }],
    ['/console/users', { screen: 'users' }],
    ['/console/my-account', { screen: 'my-account' }],
    ['/console/account/Zm9vYmFy_-x', { screen: 'account', token: 'Zm9vYmFy_-x' }],
    ['/console/account', { screen: 'occurrences' }],
    ['/console/nonsense', { screen: 'occurrences' }],
  ])('when the path is %s, then the route is %j', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it('when a route is turned into a link and back, then it is the same route', () => {
    const routes: Route[] = [{ screen: 'occurrences', occurrenceId: 'a b' }, { screen: 'units' }, { screen: 'response-times' }, { screen: 'commands', commandId: 'x' }, { screen: 'operations' }, { screen: 'users' }, { screen: 'my-account' }, { screen: 'account', token: 't0k-en_' }];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
