/**
 * One user intent (a form opened, a button first pressed) is one
 * Idempotency-Key. Every attempt of that intent — a double click, a retry
 * after a network error — sends the same key, so the gateway stores at most
 * one command for it. While an attempt is in flight, further submits join it
 * instead of sending again; once accepted, submits answer the accepted
 * command without a request.
 */
export type IntentPhase = 'idle' | 'in_flight' | 'accepted' | 'failed';

export interface IntentState<R> {
  phase: IntentPhase;
  key: string;
  attempts: number;
  accepted?: R;
  error?: unknown;
}

export interface CommandIntent<P, R> {
  readonly key: string;
  state(): IntentState<R>;
  submit(payload: P): Promise<R>;
  subscribe(listener: () => void): () => void;
}

export type SendWithKey<P, R> = (idempotencyKey: string, payload: P) => Promise<R>;

export const newIdempotencyKey = (): string => crypto.randomUUID();

export function createCommandIntent<P, R>(send: SendWithKey<P, R>, makeKey: () => string = newIdempotencyKey): CommandIntent<P, R> {
  const listeners = new Set<() => void>();
  let current: IntentState<R> = { phase: 'idle', key: makeKey(), attempts: 0 };
  let inFlight: Promise<R> | undefined;

  const update = (next: Partial<IntentState<R>>) => {
    current = { ...current, ...next };
    for (const listener of listeners) listener();
  };

  const submit = (payload: P): Promise<R> => {
    if (current.phase === 'accepted' && current.accepted !== undefined) return Promise.resolve(current.accepted);
    if (inFlight) return inFlight;
    update({ phase: 'in_flight', attempts: current.attempts + 1, error: undefined });
    inFlight = send(current.key, payload).then(
      (accepted) => {
        inFlight = undefined;
        update({ phase: 'accepted', accepted });
        return accepted;
      },
      (error: unknown) => {
        inFlight = undefined;
        update({ phase: 'failed', error });
        throw error;
      },
    );
    return inFlight;
  };

  return {
    get key() {
      return current.key;
    },
    state: () => current,
    submit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
