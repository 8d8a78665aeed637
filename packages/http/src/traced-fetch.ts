import { carrierOfSpan, inSpan, SpanKind, SpanStatusCode } from '@atalaia/telemetry';

/**
 * `fetch` in an HTTP CLIENT span named by the method, as the HTTP semantic
 * conventions name client spans (a URL is no stable name), whose W3C context
 * goes in the request headers: the called service's server span is its child.
 */
export async function tracedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const target = new URL(url);
  const attributes = {
    'http.request.method': method,
    'url.full': `${target.origin}${target.pathname}`,
    'server.address': target.hostname,
    'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
  };
  return inSpan(method, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...carrierOfSpan(span) } });
    span.setAttribute('http.response.status_code', response.status);
    if (response.status >= 400) {
      span.setAttribute('error.type', String(response.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return response;
  });
}
