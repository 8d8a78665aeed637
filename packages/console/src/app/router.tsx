import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { parseRoute, routeHref, type Route } from './routes';

interface RouterValue {
  route: Route;
  navigate(route: Route): void;
}

const RouterContext = createContext<RouterValue>({ route: { screen: 'occurrences' }, navigate: () => undefined });

/** History-API routing: real links (open in a new tab works), no page reloads. */
export function RouterProvider({ children, initial }: { children: ReactNode; initial?: Route }) {
  const [route, setRoute] = useState<Route>(() => initial ?? (typeof location === 'undefined' ? { screen: 'occurrences' } : parseRoute(location.pathname)));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route) => {
    history.pushState(null, '', routeHref(next));
    setRoute(next);
  }, []);
  const value = useMemo(() => ({ route, navigate }), [route, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export const useRouter = () => useContext(RouterContext);

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: Route };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={routeHref(to)} onClick={follow} {...rest} />;
}
