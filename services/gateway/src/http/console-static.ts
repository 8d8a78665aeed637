import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ProblemError, sendProblem } from '@atalaia/http';

export const CONSOLE_PREFIX = '/console';

/** Only the console's own files and its /api calls; never framed (clickjacking). */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/**
 * The console's build output, `packages/console/dist`, found from the
 * workspace root above `fromDir`: the same answer from the TypeScript sources
 * (tests) and from the bundle in services/gateway/dist (`npm start`).
 */
export function defaultConsoleDist(fromDir: string = __dirname): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return path.join(dir, 'packages', 'console', 'dist');
    if (path.dirname(dir) === dir) return null;
  }
}

const notBuilt = () =>
  new ProblemError(503, 'CONSOLE_NOT_BUILT', 'The operator console is not built', 'build it (pnpm --filter @atalaia/console run build) and restart the gateway');

/** Hashed file names change with their content, so they may be kept for ever; index.html names them, so it is always revalidated. */
function cacheControlFor(filePath: string): string {
  return filePath.split(path.sep).includes('assets') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the operator console (a single-page app) at /console/: its files,
 * and index.html for any other /console/ path so the app's own routes load.
 * Without a build it answers 503 CONSOLE_NOT_BUILT instead of failing to start.
 */
export async function registerConsole(app: FastifyInstance, distDir: string | null): Promise<void> {
  const built = distDir !== null && existsSync(path.join(distDir, 'index.html'));
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (_request, reply) => {
        reply.header('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY);
        reply.header('x-content-type-options', 'nosniff');
      });
      scope.route({ method: 'GET', url: '/', prefixTrailingSlash: 'no-slash', handler: (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 302) });
      if (!built) {
        scope.get('/*', async () => {
          throw notBuilt();
        });
        return;
      }
      await scope.register(fastifyStatic, {
        root: distDir,
        prefix: '/',
        wildcard: true,
        index: ['index.html'],
        cacheControl: false,
        setHeaders: (reply, filePath) => void reply.header('cache-control', cacheControlFor(filePath)),
      });
      scope.setNotFoundHandler((request, reply) => {
        const isAsset = request.url.startsWith(`${CONSOLE_PREFIX}/assets/`);
        if ((request.method !== 'GET' && request.method !== 'HEAD') || isAsset) {
          return sendProblem(reply, new ProblemError(404, 'ROUTE_NOT_FOUND', 'No such route', `${request.method} ${request.url}`));
        }
        return sendIndex(reply);
      });
    },
    { prefix: CONSOLE_PREFIX },
  );
}

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
}
