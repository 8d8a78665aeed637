import { maxPollAttempts, pollDelayMs } from '../domain/command-polling';
import type { AcceptedCommand, Command, CommandStatus, Problem } from '../domain/types';
import type { CommandSettledEvent } from './live-stream';

/** What the console knows of a command it sent, and what the command was about. */
export interface TrackedCommand {
  commandId: string;
  type: string;
  status: CommandStatus;
  acceptedAt: string;
  occurrenceId?: string;
  dispatchId?: string;
  unitId?: string;
  /** The unit's code, so a refusal can name it (the failure carries only ids). */
  unitCode?: string;
  subject?: string;
  result?: Command['result'];
  error?: Problem;
}

const occurrenceIdOf = (result: Command['result']): string | undefined => (typeof result?.occurrenceId === 'string' ? result.occurrenceId : undefined);

export type CommandContext = Pick<TrackedCommand, 'occurrenceId' | 'dispatchId' | 'unitId' | 'unitCode' | 'subject'>;

export interface CommandTrackerOptions {
  fetchCommand: (id: string) => Promise<Command>;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Follows each command this console sent from pending to processed/failed:
 * the live stream's `command` event settles it at once; polling
 * `GET /api/commands/{id}` with backoff is the fallback while the stream is
 * down or the event was missed.
 */
export class CommandTracker {
  private commands = new Map<string, TrackedCommand>();
  private timers = new Map<string, unknown>();
  private listeners = new Set<() => void>();
  private snapshot: readonly TrackedCommand[] = [];
  private readonly setTimer: NonNullable<CommandTrackerOptions['setTimer']>;
  private readonly clearTimer: NonNullable<CommandTrackerOptions['clearTimer']>;

  constructor(private readonly options: CommandTrackerOptions) {
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  track(accepted: AcceptedCommand, context: CommandContext = {}): void {
    if (this.commands.has(accepted.commandId)) return; // a replayed key answers the same command
    this.put({ commandId: accepted.commandId, type: accepted.type, status: 'pending', acceptedAt: accepted.acceptedAt, ...context });
    this.schedulePoll(accepted.commandId, 0);
  }

  /** A settled command from the live stream or a poll. */
  settle(event: CommandSettledEvent | Command): void {
    const known = this.commands.get(event.commandId);
    if (!known || event.status === 'pending') return;
    this.clearTimer(this.timers.get(event.commandId));
    this.timers.delete(event.commandId);
    // A report learns its occurrence only from the result: from then on the command is about it.
    const occurrenceId = known.occurrenceId ?? occurrenceIdOf(event.result);
    this.put({ ...known, status: event.status, result: event.result, error: event.error, ...(occurrenceId ? { occurrenceId } : {}) });
  }

  get(id: string): TrackedCommand | undefined {
    return this.commands.get(id);
  }

  /** Newest first; the same array until something changes (for useSyncExternalStore). */
  list = (): readonly TrackedCommand[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  stop(): void {
    for (const handle of this.timers.values()) this.clearTimer(handle);
    this.timers.clear();
  }

  private schedulePoll(id: string, attempt: number): void {
    if (attempt >= maxPollAttempts) return;
    const handle = this.setTimer(() => void this.poll(id, attempt), pollDelayMs(attempt));
    this.timers.set(id, handle);
  }

  private async poll(id: string, attempt: number): Promise<void> {
    if (this.commands.get(id)?.status !== 'pending') return;
    try {
      const command = await this.options.fetchCommand(id);
      if (command.status !== 'pending') return this.settle(command);
    } catch {
      // offline or a blip: keep backing off
    }
    if (this.commands.get(id)?.status === 'pending') this.schedulePoll(id, attempt + 1);
  }

  private put(command: TrackedCommand): void {
    this.commands.set(command.commandId, command);
    this.snapshot = [...this.commands.values()].sort((a, b) => Date.parse(b.acceptedAt) - Date.parse(a.acceptedAt));
    for (const listener of this.listeners) listener();
  }
}
