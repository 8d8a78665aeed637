/** W3C traceparent: `<version>-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const INVALID_TRACE_ID = '0'.repeat(32);

/** The trace id of a stored traceparent (what a trace viewer links by), or null when there is none or it is malformed. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const traceId = traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
  return traceId && traceId !== INVALID_TRACE_ID ? traceId : null;
}
