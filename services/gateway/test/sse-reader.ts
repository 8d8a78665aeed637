import http from 'node:http';
import { waitFor } from '@atalaia/testing';

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** A test's EventSource: opens a stream, keeps every frame it receives, and can wait for one. */
export class SseReader {
  readonly frames: SseFrame[] = [];
  status = 0;
  ended = false;
  private request: http.ClientRequest | undefined;
  private pending = '';

  static async open(url: string, headers: Record<string, string>): Promise<SseReader> {
    const reader = new SseReader();
    await new Promise<void>((resolve, reject) => {
      reader.request = http.get(url, { headers, agent: false }, (response) => {
        reader.status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => reader.take(chunk));
        response.on('end', () => (reader.ended = true));
        response.on('close', () => (reader.ended = true));
        resolve();
      });
      reader.request.on('error', reject);
    });
    // The first frame (`retry:`) is written once the subscription exists.
    if (reader.status === 200) await reader.next((frame) => frame.retry !== undefined);
    return reader;
  }

  events(name?: string): SseFrame[] {
    return this.frames.filter((frame) => frame.event !== undefined && (name === undefined || frame.event === name));
  }

  async next(predicate: (frame: SseFrame) => boolean, description = 'an event'): Promise<SseFrame> {
    return waitFor(async () => this.frames.find(predicate), { timeoutMs: 15_000, intervalMs: 20, description });
  }

  close(): void {
    this.request?.destroy();
  }

  private take(chunk: string): void {
    this.pending += chunk;
    let end = this.pending.indexOf('\n\n');
    while (end >= 0) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const frame: SseFrame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        const [, field, value] = /^(id|event|data|retry): ?(.*)$/.exec(line) ?? [];
        if (field) frame[field as 'id' | 'event' | 'data' | 'retry'] = value;
      }
      this.frames.push(frame);
      end = this.pending.indexOf('\n\n');
    }
  }
}
