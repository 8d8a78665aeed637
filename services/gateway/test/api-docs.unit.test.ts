import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { registerApiDocs } from '../src/http/api-docs';
import { buildOpenApiDocument } from '../src/http/openapi-document';

async function getFollowingRedirects(app: FastifyInstance, url: string, hops = 3): Promise<LightMyRequestResponse> {
  const response = await app.inject({ method: 'GET', url });
  const location = response.headers.location;
  if (hops === 0 || response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string') return response;
  return getFollowingRedirects(app, new URL(location, `http://localhost${url}`).pathname, hops - 1);
}

describe('API documentation routes', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await registerApiDocs(app);
    await app.ready();
  });

  afterAll(() => app.close());

  it('when /openapi.json is requested, then it answers the generated document', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('when /docs is requested, then Swagger UI is served as HTML', async () => {
    const response = await getFollowingRedirects(app, '/docs');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('swagger-ui-bundle.js');
  });

  it('when Swagger UI loads its assets, then every one is served by the gateway, not by another host', async () => {
    const html = (await getFollowingRedirects(app, '/docs/')).body;
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);

    expect(assets.filter((asset) => /^(https?:)?\/\//.test(asset))).toEqual([]);
    expect(assets).toEqual(expect.arrayContaining(['./static/swagger-ui-bundle.js', './static/swagger-initializer.js']));
    for (const asset of assets) {
      const response = await app.inject({ method: 'GET', url: new URL(asset, 'http://localhost/docs/').pathname });
      expect({ asset, status: response.statusCode }).toEqual({ asset, status: 200 });
    }
  });

  it('when Swagger UI fetches the document it renders, then it gets the generated one', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});
