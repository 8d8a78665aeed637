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
