import { randomBytes } from 'node:crypto';
import { createLogger } from '../src';

const apiKey = `atk_1a2b3c4d_${randomBytes(32).toString('base64url')}`;
const otherKey = `atk_99aa00ff_${randomBytes(32).toString('base64url')}`;
const devKey = `atalaia_dev_${randomBytes(18).toString('base64url')}`;

function loggerToMemory() {
  const lines: string[] = [];
  const logger = createLogger('redaction-test', 'info', { write: (line: string) => lines.push(line) });
  return { logger, output: () => lines.join('') };
}

function expectNoRawKey(output: string): void {
  for (const key of [apiKey, otherKey, devKey]) {
    expect(output).not.toContain(key);
    expect(output).not.toContain(key.slice(-20));
  }
}

describe('logger redaction', () => {
  it('when a key travels in request headers, then the header values are censored', () => {
    const { logger, output } = loggerToMemory();

    logger.info({ req: { method: 'GET', headers: { 'x-api-key': apiKey, authorization: `Bearer ${otherKey}` } } }, 'incoming');

    expectNoRawKey(output());
    expect(JSON.parse(output()).req.headers).toEqual({ 'x-api-key': '[REDACTED]', authorization: '[REDACTED]' });
  });

  it('when a key sits in a nested body field named for a credential, then that field is censored and the rest kept', () => {
    const { logger, output } = loggerToMemory();

    logger.info({ body: { integration: { apiKey, token: devKey, agencyId: 'agency-1' } } }, 'payload');

    expectNoRawKey(output());
    expect(JSON.parse(output()).body.integration).toEqual({ apiKey: '[REDACTED]', token: '[REDACTED]', agencyId: 'agency-1' });
  });

  it('when a key appears in the message or an unremarkable field, then only its visible prefix is kept', () => {
    const { logger, output } = loggerToMemory();

    logger.info({ note: { text: `the caller sent ${devKey}` } }, `client presented ${apiKey}`);

    expectNoRawKey(output());
    const line = JSON.parse(output());
    expect(line.msg).toBe('client presented atk_1a2b3c4d_[REDACTED]');
    expect(line.note.text).toBe('the caller sent atalaia_dev_[REDACTED]');
  });

  it("when an error's message carries a key, then neither its message nor its stack shows it", () => {
    const { logger, output } = loggerToMemory();

    logger.error({ err: new Error(`upstream refused ${apiKey}`) }, 'forwarding failed');
    logger.error(new Error(`no client for ${otherKey}`));

    expectNoRawKey(output());
    const [first, second] = output().trim().split('\n').map((line) => JSON.parse(line));
    expect(first.err.message).toBe('upstream refused atk_1a2b3c4d_[REDACTED]');
    expect(first.err.stack).toContain('atk_1a2b3c4d_[REDACTED]');
    expect(second.msg).toBe('no client for atk_99aa00ff_[REDACTED]');
  });

  it('when a child logger is bound to a key or a URL carries one in its query, then the line still shows none', () => {
    const { logger, output } = loggerToMemory();

    logger.child({ presented: apiKey }).info({ url: '/api/occurrences?api_key=cbm_prova_2026_key&limit=5' }, 'request');

    expectNoRawKey(output());
    const line = JSON.parse(output());
    expect(line.presented).toBe('atk_1a2b3c4d_[REDACTED]');
    expect(line.url).toBe('/api/occurrences?api_key=[REDACTED]&limit=5');
  });

  it('when nothing secret is logged, then the line is left as it was', () => {
    const { logger, output } = loggerToMemory();

    logger.info({ clientId: 'c-1', prefix: 'atk_1a2b3c4d', url: '/api/commands/123?limit=5' }, 'accepted');

    expect(JSON.parse(output())).toMatchObject({ clientId: 'c-1', prefix: 'atk_1a2b3c4d', url: '/api/commands/123?limit=5', msg: 'accepted' });
  });
});
