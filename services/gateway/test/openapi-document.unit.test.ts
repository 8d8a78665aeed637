import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import type { AuthenticationGuard } from '../src/http/authentication-guard';
import { registerCommandReads, type CommandReadsDeps } from '../src/http/command-reads';
import { commandRoutes, registerCommandRoutes, type CommandRoutesDeps } from '../src/http/command-routes';
import { buildOpenApiDocument, openApiJson } from '../src/http/openapi-document';
import { registerOperationsRoutes, type OperationsRoutesDeps } from '../src/http/operations-routes';
import { registerSsoRoutes, type SsoRoutesDeps } from '../src/http/sso-routes';
import { registerAccountLinkRoutes, registerUserRoutes, type UserRoutesDeps } from '../src/http/user-routes';
import { registerReadForwarding, type ReadForwardingDeps } from '../src/http/read-forwarding';
import { registerSessionRoutes, type SessionRoutesDeps } from '../src/http/session-routes';
import { registerStreamRoute, type StreamRouteDeps } from '../src/http/stream-route';

interface Operation {
  'x-atalaia-command-type'?: string;
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref?: string } }> };
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[] }> };
}

const checkedIn = path.resolve(__dirname, '../openapi.json');
const stale =
  'services/gateway/openapi.json is stale: run `pnpm --filter @atalaia/gateway run openapi:write`, review `git diff services/gateway/openapi.json` and commit it';
const document = buildOpenApiDocument() as unknown as Document;
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** `method path` of every /api route the gateway registers; deps are only used when a request arrives. */
async function registeredApiRoutes(): Promise<string[]> {
  const app = Fastify({ exposeHeadRoutes: false });
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (route.url.startsWith('/api/')) routes.push(`${method.toLowerCase()} ${openApiPath(route.url)}`);
  });
  const deps = { guard: {} as AuthenticationGuard } as CommandRoutesDeps & CommandReadsDeps & ReadForwardingDeps & SessionRoutesDeps & StreamRouteDeps & OperationsRoutesDeps & UserRoutesDeps & SsoRoutesDeps;
  await registerCommandRoutes(app, deps);
  await registerCommandReads(app, deps);
  await registerReadForwarding(app, deps);
  await registerSessionRoutes(app, deps);
  await registerStreamRoute(app, deps);
  await registerOperationsRoutes(app, deps);
  await registerUserRoutes(app, deps);
  await registerAccountLinkRoutes(app, deps);
  await registerSsoRoutes(app, deps);
  await app.close();
  return routes.sort();
}

function bodySchemaOf(operation: Operation) {
  const target = operation.requestBody?.content['application/json']?.schema.$ref ?? '';
  return document.components.schemas[target.replace('#/components/schemas/', '')];
}

describe('gateway OpenAPI document', () => {
  it('when the command table or the zod schemas change, then the checked-in openapi.json must be regenerated', () => {
    const upToDate = readFileSync(checkedIn, 'utf8') === openApiJson();
    expect(upToDate ? 'up to date' : stale).toBe('up to date');
  });

  it('when it is built, then it is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('when it is built, then every command route is there with its method, command type and a body schema that resolves', () => {
    for (const route of commandRoutes) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect({ route: route.url, type: operation?.['x-atalaia-command-type'] }).toEqual({ route: route.url, type: route.type });
      expect({ route: route.url, bodySchema: bodySchemaOf(operation!) }).toEqual({ route: route.url, bodySchema: expect.any(Object) });
    }
  });

  it('when a route is registered under /api, then the document describes it, and nothing else', async () => {
    const documented = Object.entries(document.paths)
      .filter(([url]) => url.startsWith('/api/'))
      .flatMap(([url, operations]) => Object.keys(operations).map((method) => `${method} ${url}`));

    expect(documented.sort()).toEqual(await registeredApiRoutes());
  });

  it('when a command route is added, then it carries its summary and the body schema it validates with', () => {
    expect(commandRoutes.filter((route) => !route.doc).map((route) => route.url)).toEqual([]);
  });

  it('when the intake body is generated, then it requires externalId, type, description and reportedAt', () => {
    const intake = document.paths['/api/integrations/occurrences']!.post!;
    expect(intake.requestBody!.required).toBe(true);
    expect(bodySchemaOf(intake)!.required).toEqual(['externalId', 'type', 'description', 'reportedAt']);
  });

  it('when a command may be sent without a body, then its request body is optional', () => {
    expect(document.paths['/api/occurrences/{id}/start']!.post!.requestBody!.required).toBe(false);
    expect(document.paths['/api/occurrences/{id}/cancel']!.post!.requestBody!.required).toBe(true);
  });
});
