import swagger, { type StaticDocumentSpec } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Serves the public API's OpenAPI document at `/openapi.json` and Swagger UI at
 * `/docs`, from assets shipped in the package. Register it outside the
 * authenticated `/api` scope: reading the documentation needs no API key.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  // Static mode: our routes carry no Fastify schemas to collect; the document is generated from the zod contracts.
  const document = buildOpenApiDocument() as unknown as StaticDocumentSpec['document'];
  await app.register(swagger, { mode: 'static', specification: { document } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', async () => app.swagger());
}
