import { createServiceApp } from '../src';
import { createLogger } from '@atalaia/telemetry';

async function echoApp() {
  const app = await createServiceApp({ name: 'test', logger: createLogger('test', 'silent'), healthChecks: {} });
  app.post('/echo', async (request) => ({ received: request.body }));
  app.get('/echo/:id', async (request) => ({ query: request.query, params: request.params }));
  return app;
}

const post = async (payload: string, contentType = 'application/json') => {
  const app = await echoApp();
  const response = await app.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': contentType } });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
};

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe('JSON bodies and input limits', () => {
  it('when the body is plain JSON within limits, then it reaches the handler', async () => {
    expect(await post('{"a":[1,2,{"b":"ç"}]}')).toMatchObject({ status: 200, body: { received: { a: [1, 2, { b: 'ç' }] } } });
  });

  it('when text holds a well-formed surrogate pair (an emoji), then it is accepted', async () => {
    expect(await post('{"d":"\\ud83d\\ude92 🚒"}')).toMatchObject({ status: 200, body: { received: { d: '🚒 🚒' } } });
  });

  it.each([
    ['{"a":', 'INVALID_JSON'],
    ['', 'INVALID_JSON'],
    ["{'a':1}", 'INVALID_JSON'],
    ['{"__proto__":{"admin":true}}', 'INVALID_JSON'],
    ['{"constructor":{"prototype":{"admin":true}}}', 'INVALID_JSON'],
    [JSON.stringify(nested(9)), 'JSON_TOO_COMPLEX'],
    [JSON.stringify(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]))), 'JSON_TOO_COMPLEX'],
    [JSON.stringify({ list: Array.from({ length: 257 }, () => 0) }), 'JSON_TOO_COMPLEX'],
    ['{"description":"a\\u0000b"}', 'INVALID_CHARACTER'],
    ['{"description":"\\ud800"}', 'INVALID_CHARACTER'],
    ['{"description":"\\udc00\\ud800"}', 'INVALID_CHARACTER'],
    ['{"a\\u0000":"key with NUL"}', 'INVALID_CHARACTER'],
  ])('when the body is %s, then it is a 400 problem %s', async (payload, code) => {
    const answer = await post(payload);
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code });
  });

  it('when the body is not declared as JSON, then it is a 415 problem', async () => {
    const answer = await post('a=1', 'application/x-www-form-urlencoded');
    expect(answer).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('when the body exceeds the size limit, then it is a 413 problem', async () => {
    const answer = await post(JSON.stringify({ description: 'x'.repeat(70_000) }));
    expect(answer).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('when a path segment is too long or the URL cannot be decoded, then the answer is still a problem', async () => {
    const app = await echoApp();
    const long = await app.inject({ url: `/echo/${'x'.repeat(200)}` });
    const broken = await app.inject({ url: '/echo/%E0%A4%A' });
    expect([long.statusCode, long.json().code]).toEqual([414, 'URI_TOO_LONG']);
    expect([broken.statusCode, broken.json().code]).toEqual([400, 'MALFORMED_URL']);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when a query or path value carries a NUL character, then it is a 400 problem', async () => {
    const app = await echoApp();
    const query = await app.inject({ url: '/echo/x?externalId=a%00b' });
    const path = await app.inject({ url: '/echo/a%00b' });
    expect([query.statusCode, path.statusCode]).toEqual([400, 400]);
    expect(query.json()).toMatchObject({ code: 'INVALID_CHARACTER' });
  });
});
