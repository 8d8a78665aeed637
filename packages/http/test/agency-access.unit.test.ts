import Fastify from 'fastify';
import { AccessContextSigner, ACCESS_CONTEXT_HEADER, agencyAccessOf, registerAccessContext } from '../src/agency-access';
import { registerProblemHandling } from '../src/problem-handling';

const key = 'the-installations-access-context-signing-key';

async function serviceApp(now: () => number = Date.now) {
  const app = Fastify();
  registerProblemHandling(app);
  registerAccessContext(app, key, now);
  app.get('/read', async (request) => agencyAccessOf(request));
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}

describe('the access context the gateway signs for the services', () => {
  it('when the gateway signs a context, then the service reads exactly that agency and reach', async () => {
    const app = await serviceApp();
    const headers = await new AccessContextSigner(key).headersFor({ agencyId: 'cbm-se', crossAgency: false });
    const response = await app.inject({ url: '/read', headers });
    expect([response.statusCode, response.json()]).toEqual([200, { agencyId: 'cbm-se', crossAgency: false }]);
  });

  it('when a context is forged — another key, altered claims, no signature — then it is refused with 401, and none at all is a 400', async () => {
    const app = await serviceApp();
    const genuine = await new AccessContextSigner(key).tokenFor({ agencyId: 'cbm-se', crossAgency: false });
    const [header, , signature] = genuine.split('.');
    const widened = Buffer.from(JSON.stringify({ agencyId: 'cbm-se', crossAgency: true, iss: 'atalaia-gateway', aud: 'atalaia-services', exp: 4102444800 })).toString('base64url');
    const forgeries = [
      await new AccessContextSigner('some-other-key-of-enough-characters').tokenFor({ agencyId: 'cbm-se', crossAgency: true }),
      `${header}.${widened}.${signature}`,
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${widened}.`,
      'not even a token',
    ];
    for (const token of forgeries) {
      const response = await app.inject({ url: '/read', headers: { [ACCESS_CONTEXT_HEADER]: token } });
      expect([token, response.statusCode, response.json().code]).toEqual([token, 401, 'ACCESS_CONTEXT_INVALID']);
    }
    const without = await app.inject({ url: '/read' });
    expect([without.statusCode, without.json().code]).toEqual([400, 'ACCESS_CONTEXT_REQUIRED']);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('when a signed context is older than its minute, then it is refused, even after it was once accepted', async () => {
    let now = Date.now();
    const app = await serviceApp(() => now);
    const headers = await new AccessContextSigner(key, () => now).headersFor({ agencyId: 'cbm-se', crossAgency: false });
    expect((await app.inject({ url: '/read', headers })).statusCode).toBe(200);
    now += 61_000;
    expect((await app.inject({ url: '/read', headers })).json().code).toBe('ACCESS_CONTEXT_INVALID');
  });

  it('when one context is asked for again within half its lifetime, then the same token is reused; after, a new one is signed', async () => {
    let now = 1_800_000_000_000;
    const signer = new AccessContextSigner(key, () => now);
    const access = { agencyId: 'cbm-se', crossAgency: false };
    const first = await signer.tokenFor(access);
    now += 29_000;
    expect(await signer.tokenFor(access)).toBe(first);
    expect(await signer.tokenFor({ ...access, crossAgency: true })).not.toBe(first);
    now += 2_000;
    expect(await signer.tokenFor(access)).not.toBe(first);
  });
});
