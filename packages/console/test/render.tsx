import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { CommandTracker } from '../src/api/command-tracker';
import { createConsoleApi } from '../src/api/console-api';
import { LiveStream } from '../src/api/live-stream';
import { ConsoleProvider, type ConsoleServices } from '../src/app/console-context';
import { RouterProvider } from '../src/app/router';
import type { Session } from '../src/domain/types';
import type { Language } from '../src/i18n/dictionaries';
import { LanguageProvider } from '../src/i18n/i18n-context';
import { aSession } from './builders';

interface RenderOptions {
  language?: Language;
  session?: Session;
  tracker?: CommandTracker;
}

/** Server-renders a component inside the console's providers; the API fails if anything calls it. */
export function render(ui: ReactElement, { language = 'pt-BR', session = aSession(), tracker }: RenderOptions = {}): string {
  const api = createConsoleApi({ request: () => Promise.reject(new Error('no API in component tests')) });
  const services: ConsoleServices = {
    api,
    session,
    live: new LiveStream({ createSource: () => { throw new Error('no stream in component tests'); } }),
    tracker: tracker ?? new CommandTracker({ fetchCommand: api.command }),
  };
  return renderToString(
    <LanguageProvider language={language}>
      <RouterProvider initial={{ screen: 'occurrences' }}>
        <ConsoleProvider services={services}>{ui}</ConsoleProvider>
      </RouterProvider>
    </LanguageProvider>,
  );
}

/** The data-testid values present in rendered HTML, in order. */
export const testIds = (html: string): string[] => [...html.matchAll(/data-testid="([^"]+)"/g)].map((match) => match[1] ?? '');
