import { randomUUID } from 'node:crypto';
import { startTelemetry } from '@atalaia/telemetry';
import { GatewayClient, startInProcessSystem, type InProcessSystem } from '../src';

/**
 * Every command about one occurrence travels under one Kafka key — its id,
 * known at intake — so it is processed in the order accepted. Were an update
 * keyed otherwise than the cancel that follows it, the two could run reversed
 * and the update would fail with OCCURRENCE_CLOSED.
 */
describe('per-occurrence order', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('order');
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  it('when 100 update-then-cancel pairs are sent back to back, then every update is applied before its cancel', async () => {
    const report = (externalId: string, description: string) => ({
      externalId,
      type: 'incendio_urbano',
      description,
      reportedAt: '2026-02-01T14:32:00-03:00',
    });
    const externalIds = Array.from({ length: 100 }, () => `ORDER-${randomUUID()}`);
    const occurrenceIds = await Promise.all(externalIds.map((externalId) => api.createOccurrence(report(externalId, 'Primeiro relato'))));

    // Each pair is sent as a client would: the update, and the cancel as soon as the update is accepted.
    const pairs = await Promise.all(
      externalIds.map(async (externalId, index) => {
        const update = await api.send('POST', '/api/integrations/occurrences', report(externalId, 'Relato atualizado'));
        const cancel = await api.send('POST', `/api/occurrences/${occurrenceIds[index]}/cancel`, { reason: 'Trote' });
        return { update, cancel };
      }),
    );
    const settled = await Promise.all(pairs.map(async ({ update, cancel }) => ({ update: await api.settle(update, 60_000), cancel: await api.settle(cancel, 60_000) })));

    const reversed = settled.filter(({ update, cancel }) => update.status !== 'processed' || cancel.status !== 'processed');
    expect(reversed.map(({ update, cancel }) => `${update.status}/${update.error?.code} then ${cancel.status}/${cancel.error?.code}`)).toEqual([]);
    expect(settled.every(({ update }) => update.result.outcome === 'updated')).toBe(true);
    for (const [index, occurrenceId] of occurrenceIds.entries()) {
      expect(settled[index]!.update.aggregateId).toBe(occurrenceId);
    }
    const occurrences = await Promise.all(occurrenceIds.map(async (id) => (await api.get(`/api/occurrences/${id}`)).body));
    expect(occurrences.every((occurrence) => occurrence.status === 'cancelled' && occurrence.description === 'Relato atualizado' && occurrence.version === 3)).toBe(true);
  });
});
