import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACTED, redactedPaths, scrubSecrets } from './log-redaction';

export type { Logger };

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
  return destination ? pino(options, destination) : pino(options);
}
