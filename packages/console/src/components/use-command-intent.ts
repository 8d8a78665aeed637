import { useCallback, useEffect, useRef, useState } from 'react';
import { useConsole, useTrackedCommands } from '../app/console-context';
import type { CommandContext } from '../api/command-tracker';
import { createCommandIntent, type CommandIntent, type IntentState } from '../domain/command-intent';
import type { AcceptedCommand } from '../domain/types';

export type SendCommand<P> = (idempotencyKey: string, payload: P) => Promise<AcceptedCommand>;

export interface IntentControls<P> {
  state: IntentState<AcceptedCommand> | undefined;
  /** Starts the intent (its Idempotency-Key) when it has not started yet: a form opening. */
  begin(): void;
  submit(payload: P): void;
  /** Forgets the intent: the next press or form is a new request. */
  reset(): void;
  busy: boolean;
}

/**
 * A user intent as a component sees it: the key is made on the first press
 * (or when the form opens) and kept through double clicks and retries; an
 * accepted command is handed to the tracker, and once it settles the intent
 * ends, so acting again is a new request.
 */
export function useCommandIntent<P>(send: SendCommand<P>, context: CommandContext): IntentControls<P> {
  const { tracker } = useConsole();
  const intent = useRef<CommandIntent<P, AcceptedCommand> | undefined>(undefined);
  const [state, setState] = useState<IntentState<AcceptedCommand> | undefined>(undefined);
  const latest = useRef({ send, context });
  latest.current = { send, context };

  const begin = useCallback(() => {
    if (intent.current) return intent.current;
    const created = createCommandIntent<P, AcceptedCommand>((key, payload) => latest.current.send(key, payload));
    created.subscribe(() => setState(created.state()));
    intent.current = created;
    setState(created.state());
    return created;
  }, []);

  const submit = useCallback(
    (payload: P) => {
      begin()
        .submit(payload)
        .then((accepted) => tracker.track(accepted, latest.current.context))
        .catch(() => undefined); // the intent's state carries the error for the UI
    },
    [begin, tracker],
  );

  const reset = useCallback(() => {
    intent.current = undefined;
    setState(undefined);
  }, []);

  const commands = useTrackedCommands();
  const acceptedId = state?.accepted?.commandId;
  const settled = acceptedId !== undefined && commands.some((command) => command.commandId === acceptedId && command.status !== 'pending');
  useEffect(() => {
    if (settled) reset();
  }, [settled, reset]);

  const busy = state?.phase === 'in_flight' || (state?.phase === 'accepted' && !settled);
  return { state, begin: () => void begin(), submit, reset, busy };
}
