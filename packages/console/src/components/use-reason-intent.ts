import { useEffect, useState, type FormEvent } from 'react';
import type { CommandContext } from '../api/command-tracker';
import { useCommandIntent, type IntentControls, type SendCommand } from './use-command-intent';

export interface ReasonIntent {
  intent: IntentControls<string>;
  reason: string;
  setReason(reason: string): void;
  /** True once the operator tried to send without a reason. */
  showMissing: boolean;
  submit(event: FormEvent): void;
}

/**
 * A dialog that sends one command with a required reason (cancelling an
 * occurrence, taking a unit out of service): the intent begins when the dialog
 * opens, the dialog closes once the command is accepted, and an empty reason is
 * refused on the spot.
 */
export function useReasonIntent(send: SendCommand<string>, context: CommandContext, onClose: () => void): ReasonIntent {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const intent = useCommandIntent<string>(send, context);
  const { begin, state } = intent;
  useEffect(() => begin(), [begin]);
  useEffect(() => {
    if (state?.phase === 'accepted') onClose();
  }, [state?.phase, onClose]);

  const missing = reason.trim() === '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!missing) intent.submit(reason.trim());
  };
  return { intent, reason, setReason, showMissing: touched && missing, submit };
}
