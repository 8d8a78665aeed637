import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACTED, redactedPaths, scrubSecrets } from './log-redaction';

export type { Logger };

let standardOutput: DestinationStream | undefined;

/**
 * Standard output, written asynchronously: lines logged while a write is in
 * flight go out together in the next one, instead of one blocking write per
 * line (a write system call per request was 8 % of the gateway's CPU under
 * load). pino flushes what is pending synchronously when the process exits.
 * One per process, so every logger's lines share it and stay whole.
 */
function asyncStandardOutput(): DestinationStream {
  standardOutput ??= pino.destination({ dest: 1, sync: false });
  return standardOutput;
}

/**
 * The one logger factory: pino JSON, one child per component, and the active
 * trace and span ids mixed into every line so logs join traces in Jaeger.
 * No line leaves with a credential in it (see log-redaction.ts).
 */
export function createLogger(
  service: string,
  level: LoggerOptions['level'] = 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: REDACTED },
    hooks: { streamWrite: scrubSecrets },
    mixin() {
      const spanContext = trace.getActiveSpan()?.spanContext();
      if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
      return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
    },
  };
  return pino(options, destination ?? asyncStandardOutput());
}
