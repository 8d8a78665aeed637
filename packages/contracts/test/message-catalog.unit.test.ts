import { randomUUID } from 'node:crypto';
import { createEnvelope } from '../src/envelope';
import { parseMessage, parseMessageBytes } from '../src/message-catalog';

const intake = {
  externalId: 'EXT-2026-000123',
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
};

function commandEnvelope(overrides: Record<string, unknown> = {}) {
  return {
    ...createEnvelope({
      type: 'occurrence.create_or_update',
      source: 'atalaia.gateway',
      aggregateType: 'occurrence',
      subject: 'agency-1:EXT-2026-000123',
      commandId: randomUUID(),
      actor: { clientId: 'client-1', agencyId: 'agency-1' },
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      data: intake,
    }),
    ...overrides,
  };
}

describe('message envelope and catalog', () => {
  it('when a well-formed command envelope is parsed, then its data is typed and kept', () => {
    const result = parseMessage(commandEnvelope());
    expect(result).toMatchObject({ ok: true, message: { type: 'occurrence.create_or_update', data: intake } });
  });

  it('when the envelope carries trace context, then it survives a round trip through bytes', () => {
    const envelope = commandEnvelope();
    const result = parseMessageBytes(Buffer.from(JSON.stringify(envelope)));
    expect(result.ok && result.message.traceparent).toBe(envelope.traceparent);
  });

  it('when the envelope misses its id, then it is rejected as INVALID_ENVELOPE', () => {
    expect(parseMessage(commandEnvelope({ id: undefined }))).toMatchObject({ ok: false, code: 'INVALID_ENVELOPE' });
  });

  it('when the type or version is unknown, then it is rejected as UNKNOWN_MESSAGE_TYPE', () => {
    expect(parseMessage(commandEnvelope({ type: 'occurrence.teleported' }))).toMatchObject({ code: 'UNKNOWN_MESSAGE_TYPE' });
    expect(parseMessage(commandEnvelope({ version: 9 }))).toMatchObject({ code: 'UNKNOWN_MESSAGE_TYPE' });
  });

  it('when the data breaks its schema, then it is rejected as INVALID_MESSAGE_DATA naming the field', () => {
    const result = parseMessage(commandEnvelope({ data: { ...intake, reportedAt: 'yesterday' } }));
    expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE_DATA' });
    expect(!result.ok && result.detail).toContain('reportedAt');
  });

  it('when the bytes are not JSON, then it is rejected as INVALID_JSON', () => {
    expect(parseMessageBytes(Buffer.from('{nope'))).toMatchObject({ ok: false, code: 'INVALID_JSON' });
    expect(parseMessageBytes(null)).toMatchObject({ ok: false, code: 'INVALID_JSON' });
  });
});
