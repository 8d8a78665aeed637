import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '@atalaia/http';
import { accessOf } from '../domain/api-client';
import type { BufferedEvent } from '../domain/event-ring-buffer';
import type { LiveEventHub } from '../domain/live-event-hub';
import type { LiveEvent } from '../domain/live-events';
import { requirePermission } from './authentication';

export interface StreamRouteDeps {
  hub: LiveEventHub;
  streams: LiveStreams;
}

export interface LiveStreamsOptions {
  heartbeatMs?: number;
  /** A subscriber whose socket holds more unsent bytes than this is too slow: it is cut off and reconnects with its Last-Event-ID. */
  maxBufferedBytes?: number;
}

/** The EventSource reconnection delay the stream asks for. */
const RETRY_MS = 3_000;

const frameOf = ({ id, event }: BufferedEvent<LiveEvent>) => `id: ${id}\nevent: ${event.name}\ndata: ${event.data}\n\n`;

/** The open SSE responses of this instance: heartbeats, the slow-reader bound, and closing them all on shutdown. */
export class LiveStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly heartbeatMs: number;
  private readonly maxBufferedBytes: number;

  constructor(options: LiveStreamsOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1_048_576;
  }

  get count(): number {
    return this.open.size;
  }

  /** Tracks `response` until it closes; returns the write function to use for it. */
  attach(response: ServerResponse, onClose: () => void): (frame: string) => void {
    this.open.add(response);
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), this.heartbeatMs).unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      this.open.delete(response);
      onClose();
    });
    const write = (frame: string) => {
      if (response.destroyed || response.writableEnded) return;
      response.write(frame);
      if (response.writableLength > this.maxBufferedBytes) response.destroy();
    };
    return write;
  }

  /** Ends every stream, so the server's close does not wait on them; clients reconnect elsewhere. */
  closeAll(): void {
    for (const response of this.open) response.end();
  }
}

const streamQuerySchema = z.strictObject({ lastEventId: z.string().max(100).optional() });

function lastEventIdOf(request: FastifyRequest): string | undefined {
  const { lastEventId } = parseOrThrow(streamQuerySchema, request.query, 'query');
  const header = request.headers['last-event-id'];
  return (typeof header === 'string' && header.length > 0 ? header.slice(0, 100) : undefined) ?? lastEventId;
}

/**
 * `GET /api/stream`: server-sent events of the occurrences, dispatches and
 * commands the caller may see, from its Last-Event-ID on when this instance
 * still can, else a `resync` telling it to refetch what it shows.
 */
export async function registerStreamRoute(app: FastifyInstance, deps: StreamRouteDeps): Promise<void> {
  app.get('/api/stream', { preHandler: requirePermission('read') }, async (request, reply) => {
    const lastEventId = lastEventIdOf(request);
    const viewer = { clientId: request.apiClient.id, access: accessOf(request.apiClient) };
    reply.hijack();
    const response = reply.raw;
    // Hijacked: the headers set so far (rate limit) are written by hand.
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined)) as OutgoingHttpHeaders;
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    let unsubscribe = () => {};
    const write = deps.streams.attach(response, () => unsubscribe());
    const subscription = deps.hub.subscribe(viewer, (event) => write(frameOf(event)), lastEventId);
    unsubscribe = subscription.unsubscribe;
    write(`retry: ${RETRY_MS}\n\n`);
    const { start } = subscription;
    if (start.kind === 'resync') write(`id: ${start.lastId}\nevent: resync\ndata: {}\n\n`);
    else for (const event of start.events) write(frameOf(event));
    request.log.debug({ replayed: start.kind === 'replay' ? start.events.length : 'resync' }, 'live stream opened');
  });
}
