import { createServer, type Server } from 'node:net';

const LOOPBACK = '127.0.0.1';

function listenOnAnyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a listening socket'));
        return;
      }
      resolve({ server, port: address.port });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Distinct free ports on 127.0.0.1. All sockets stay open until every port is
 * picked, so the OS cannot hand the same port out twice within one call.
 */
export async function getFreePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const { server, port } = await listenOnAnyPort();
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map(close));
  }
}

/**
 * `count` distinct free base ports and a step such that every
 * base + k × step (0 ≤ k < `rows`) is free too and no two coincide: the
 * ports of several instances of each service, laid out as
 * `ATALAIA_INSTANCE_PORT_STEP` lays them out.
 */
export async function getFreePortGrid(count: number, rows: number): Promise<{ ports: number[]; step: number }> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const ports = await getFreePorts(count);
    const step = 1 + Math.floor(Math.random() * 100);
    const grid = ports.flatMap((port) => Array.from({ length: rows }, (_, row) => port + row * step));
    if (new Set(grid).size === grid.length && grid.every((port) => port <= 65535) && (await allFree(grid))) return { ports, step };
  }
  throw new Error(`no grid of ${count} × ${rows} free ports found`);
}

/** Holds every port at once, so none is counted free twice; false as soon as one is taken. */
async function allFree(ports: number[]): Promise<boolean> {
  const held: Server[] = [];
  try {
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, LOOPBACK, () => resolve());
      });
      held.push(server);
    }
    return true;
  } catch {
    return false;
  } finally {
    await Promise.all(held.map(close));
  }
}

export async function getFreePort(): Promise<number> {
  const [port] = await getFreePorts(1);
  if (port === undefined) throw new Error('no free port found');
  return port;
}

/** Fails fast, with a clear message, instead of letting a server die on a taken port. */
export async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`${LOOPBACK}:${port} is already in use`) : error);
    });
    server.listen(port, LOOPBACK, () => resolve());
  });
  await close(server);
}
