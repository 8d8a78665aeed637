import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

interface Loaded<T> {
  key: string;
  data?: T;
  error?: unknown;
  loading: boolean;
}

/**
 * Loads on mount and when `key` changes. A reload keeps showing the previous
 * data meanwhile (no flicker on live refreshes); another key never shows the
 * previous key's data.
 */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<Loaded<T>>({ key, loading: true });
  const [version, setVersion] = useState(0);
  const latestLoad = useRef(load);
  latestLoad.current = load;
  useEffect(() => {
    let current = true;
    setState((previous) => (previous.key === key ? { ...previous, loading: true } : { key, loading: true }));
    latestLoad
      .current()
      .then((data) => current && setState({ key, data, loading: false }))
      .catch((error: unknown) => current && setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error, loading: false })));
    return () => {
      current = false;
    };
  }, [key, version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const mine = state.key === key;
  return { data: mine ? state.data : undefined, error: mine ? state.error : undefined, loading: !mine || state.loading, reload };
}
