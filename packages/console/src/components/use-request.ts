import { useCallback, useState } from 'react';
import { errorCodeOf } from '../api/http-client';

export interface RequestControls {
  busy: boolean;
  /** The last refusal's code, until the next attempt. */
  errorCode: string | undefined;
  /** Runs `request` unless one is in flight; resolves with its answer, or undefined when it failed (the code is kept). */
  run<T>(request: () => Promise<T>): Promise<T | undefined>;
}

/**
 * A request that is not a command (account administration answers at once):
 * one at a time, its refusal kept for the form to explain. No retry with the
 * same key is needed — these answers are the change itself, not a promise of one.
 */
export function useRequest(): RequestControls {
  const [busy, setBusy] = useState(false);
  const [errorCode, setErrorCode] = useState<string | undefined>(undefined);
  const run = useCallback(
    async <T,>(request: () => Promise<T>): Promise<T | undefined> => {
      if (busy) return undefined;
      setBusy(true);
      setErrorCode(undefined);
      try {
        return await request();
      } catch (failure) {
        setErrorCode(errorCodeOf(failure));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [busy],
  );
  return { busy, errorCode, run };
}
