import { context, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type SpanContext, type SpanKind } from '@opentelemetry/api';

/** Span names stay short and stable: a name never carries an id, and never grows past this. */
export const MAX_SPAN_NAME_LENGTH = 60;

/** `parts` joined by spaces, cut to at most `MAX_SPAN_NAME_LENGTH` characters. */
export function spanName(...parts: Array<string | undefined>): string {
  return parts
    .filter((part) => part !== undefined && part !== '')
    .join(' ')
    .slice(0, MAX_SPAN_NAME_LENGTH);
}

export interface TracedWorkOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent context; the active one when omitted. */
  parent?: Context;
  /** Other spans this one relates to without being their child (a batch's messages, a shared statement's requests). */
  links?: Link[];
}

/** Starts a span that is not made active: the caller ends it. */
export function startSpan(name: string, options: TracedWorkOptions = {}): Span {
  return trace.getTracer('atalaia').startSpan(name, { kind: options.kind, attributes: options.attributes, links: options.links }, options.parent ?? context.active());
}

/** Marks `span` failed by `error`: the exception event and an error status. */
export function recordSpanFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * `withSpan` for work that needs its span (to add links or attributes as it
 * goes) or links of its own: the span is active while `work` runs, records a
 * failure, and always ends.
 */
export async function inSpan<T>(name: string, options: TracedWorkOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const span = startSpan(name, options);
  return context.with(trace.setSpan(options.parent ?? context.active(), span), async () => {
    try {
      return await work(span);
    } catch (error) {
      recordSpanFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** True when the span in `parent` (the active context when omitted) is sampled: its children are worth recording. */
export function isSampledParent(parent: Context = context.active()): boolean {
  const spanContext = trace.getSpanContext(parent);
  // Bit 0 of the W3C trace flags: sampled.
  return spanContext !== undefined && trace.isSpanContextValid(spanContext) && (spanContext.traceFlags & 1) === 1;
}

/** The span in `parent` (the active context when omitted), or a non-recording invalid one: for work that makes no span of its own. */
export function spanOf(parent: Context = context.active()): Span {
  return trace.getSpan(parent) ?? trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
}

/** The active span's context, when a sampled or recording span is active. */
export function activeSpanContext(): SpanContext | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The context with `spanContext` as its (remote-style) parent, to start a child of a span held elsewhere. */
export function contextOfSpan(spanContext: SpanContext | undefined): Context {
  return spanContext ? trace.setSpanContext(context.active(), spanContext) : context.active();
}

/** The W3C headers (traceparent, tracestate) naming `span` as the parent, e.g. for a message it sends. */
export function carrierOfSpan(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier;
}

export type { Link, Span, SpanContext };
