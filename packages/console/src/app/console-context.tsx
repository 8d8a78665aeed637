import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { CommandTracker, TrackedCommand } from '../api/command-tracker';
import type { ConsoleApi } from '../api/console-api';
import type { LiveEvent, LiveState, LiveStream } from '../api/live-stream';
import type { Session } from '../domain/types';

/** What every signed-in screen uses: the API, the session, the live stream and the command tracker. */
export interface ConsoleServices {
  api: ConsoleApi;
  session: Session;
  live: LiveStream;
  tracker: CommandTracker;
}

const ConsoleContext = createContext<ConsoleServices | null>(null);

export function ConsoleProvider({ services, children }: { services: ConsoleServices; children: ReactNode }) {
  return <ConsoleContext.Provider value={services}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleServices {
  const services = useContext(ConsoleContext);
  if (!services) throw new Error('useConsole outside ConsoleProvider');
  return services;
}

/** Calls the latest listener for each live event while mounted. */
export function useLiveEvents(listener: (event: LiveEvent) => void): void {
  const { live } = useConsole();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => live.subscribe((event) => latest.current(event)), [live]);
}

export function useLiveState(): LiveState {
  const { live } = useConsole();
  return useSyncExternalStore(
    (notify) => live.onState(notify),
    () => live.state,
    () => live.state,
  );
}

export function useTrackedCommands(): readonly TrackedCommand[] {
  const { tracker } = useConsole();
  return useSyncExternalStore(tracker.subscribe, tracker.list, tracker.list);
}

/** The current time, refreshed every `intervalMs`, for ages and times in status. */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
