/**
 * An open console board, as far as P8 needs one: `GET /api/stream` with the
 * bench's key, noting when each `occurrence.created` event arrives. The
 * stream is read as the browser reads it (server-sent events over one
 * keep-alive response); only the arrival time of each new occurrence is kept.
 */
export class LiveBoardListener {
  /** Occurrence id → when its `occurrence.created` event arrived (epoch ms). */
  readonly createdSeenAt = new Map<string, number>();
  private readonly abort = new AbortController();
  private reading: Promise<void> | undefined;

  constructor(
    private readonly gatewayUrl: string,
    private readonly apiKey: string,
  ) {}

  /** Resolves once the stream is open (the gateway answered with its headers). */
  async open(): Promise<void> {
    const response = await fetch(`${this.gatewayUrl}/api/stream`, {
      headers: { 'x-api-key': this.apiKey, accept: 'text/event-stream' },
      signal: this.abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`the live stream answered ${response.status}`);
    this.reading = this.read(response.body).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of body) {
      const now = Date.now();
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        this.take(buffered.slice(0, end), now);
        buffered = buffered.slice(end + 2);
      }
    }
  }

  private take(frame: string, receivedAt: number): void {
    const lines = frame.split('\n');
    if (!lines.includes('event: occurrence')) return;
    const data = lines.find((line) => line.startsWith('data: '));
    if (!data) return;
    const event = JSON.parse(data.slice('data: '.length)) as { type: string; occurrence: { id: string } };
    if (event.type === 'occurrence.created' && !this.createdSeenAt.has(event.occurrence.id)) this.createdSeenAt.set(event.occurrence.id, receivedAt);
  }
}
