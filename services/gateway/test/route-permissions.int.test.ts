import path from 'node:path';
import Fastify from 'fastify';
import { commandPermissions } from '@atalaia/contracts';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { ApiClientStore } from '../src/db/api-client-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { permissionsOf, scopePermissions } from '../src/domain/api-client';
import { commandRoutes } from '../src/http/command-routes';
import { requireDeclaredPermissions, requirePermission, type RoutePermission } from '../src/http/authentication';
import { buildConsoleTestApp, type ConsoleTestApp } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const occurrenceId = '0f8e7a4c-95f5-4c6b-9d0a-5b2f1f3c9a10';

describe('route permissions', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let gateway: ConsoleTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('route_permissions', migrations);
    prisma = createGatewayPrisma(database.url);
    gateway = await buildConsoleTestApp(prisma);
  });

  afterAll(async () => {
    await gateway.close();
    await prisma.$disconnect();
    await database.drop();
  });

  it('gives every command route the permission the table names for its command', () => {
    const registry = gateway.app.routePermissions;
    for (const route of commandRoutes) {
      expect([route.url, registry.get(`${route.method} ${route.url}`)]).toEqual([route.url, commandPermissions[route.type as keyof typeof commandPermissions]]);
    }
    // Every command of the table is reachable through some route.
    expect(new Set(commandRoutes.map((route) => route.type))).toEqual(new Set(Object.keys(commandPermissions)));
  });

  it('declares a permission for every authenticated route of the gateway', () => {
    const registry = gateway.app.routePermissions;
    const expected: Record<string, RoutePermission> = {
      'GET /api/occurrences': 'read',
      'GET /api/occurrences/:id': 'read',
      'GET /api/dispatches/:id': 'read',
      'GET /api/units': 'read',
      'GET /api/reports/response-times': 'read',
      'GET /api/stream': 'read',
      'GET /api/audit': 'audit:read',
      'GET /api/audit/verification': 'audit:verify',
      'GET /api/operations/overview': 'operations',
      'POST /api/operations/dead-letters/redrive': 'operations',
      'GET /api/commands': 'authenticated',
      'GET /api/commands/:id': 'authenticated',
    };
    for (const [route, permission] of Object.entries(expected)) expect([route, registry.get(route)]).toEqual([route, permission]);
    expect(registry.size).toBeGreaterThan(Object.keys(expected).length + commandRoutes.length - 1);
  });

  it('refuses to start a gateway with a route that declares no permission', async () => {
    const app = Fastify();
    const registry = new Map<string, RoutePermission>();
    const registering = app.register(async (api) => {
      requireDeclaredPermissions(api, registry);
      api.get('/declared', { preHandler: requirePermission('read') }, async () => 'ok');
      api.get('/forgotten', async () => 'open to everyone');
    });

    await expect(Promise.resolve(registering).then(() => app.ready())).rejects.toThrow('route GET /forgotten declares no permission');
    expect(registry.get('GET /declared')).toBe('read');
  });

  it('answers a caller without the permission with a 403 that names it and the scope granting it, and accepts nothing', async () => {
    const { key } = await new ApiClientStore(prisma).create({ name: 'leitor', agencyId: 'cbm-se', scopes: ['read'], rateLimitPerMinute: null });

    const answer = await gateway.app.inject({ method: 'POST', url: `/api/occurrences/${occurrenceId}/cancel`, headers: { 'x-api-key': key, 'idempotency-key': 'cancel-1' }, payload: { reason: 'trote' } });

    expect(answer.statusCode).toBe(403);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ code: 'INSUFFICIENT_SCOPE', detail: 'requires permission occurrences:cancel (scope occurrences:write)' });
    expect(await prisma.command.count()).toBe(0);
  });

  it('maps every API scope onto the permission table, keeping what each client could do before', () => {
    expect(permissionsOf({ id: 'c', agencyId: 'a', scopes: ['occurrences:write'], rateLimitPerMinute: null })).toEqual(['occurrences:report', 'occurrences:progress', 'occurrences:cancel']);
    expect(permissionsOf({ id: 'c', agencyId: 'a', scopes: ['units:write', 'read'], rateLimitPerMinute: null })).toEqual(['units:status', 'units:manage', 'read']);
    expect(Object.values(scopePermissions).flat()).not.toContain('users:manage');
  });
});
