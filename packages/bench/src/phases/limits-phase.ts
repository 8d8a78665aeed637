import { figure, type Figure } from '../figures';
import { captureAcceptTemplate, type AcceptTemplate } from '../limits/accept-template';
import { measureAcceptTransactionLimit } from '../limits/accept-transaction-limit';
import { measureProducerLimit, producerShape } from '../limits/producer-limit';
import { prefixOf, runPhase, settle, type BenchContext } from './bench-context';

async function postTemplateCommand(context: BenchContext): Promise<string> {
  const id = `${prefixOf(context, 'template')}-0`;
  const response = await fetch(`${context.system.gatewayUrl}/api/integrations/occurrences`, {
    method: 'POST',
    headers: { 'x-api-key': context.system.apiKey, 'content-type': 'application/json', 'idempotency-key': id },
    body: JSON.stringify({ externalId: id, type: 'incendio_urbano', description: `Incêndio em residência — relatado pelo bench (${id})`, reportedAt: '2026-02-01T14:32:00-03:00' }),
  });
  if (response.status !== 202) throw new Error(`the template command was answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { commandId: string }).commandId;
}

/**
 * L1 and L2, measured on the running system's own PostgreSQL and broker. The
 * relay is frozen during L1 so that neither the template command nor the
 * replayed rows are published before they are read (and the latter deleted).
 */
export async function measureLimits(context: BenchContext): Promise<Figure[]> {
  const { system, probe, options } = context;
  let template: AcceptTemplate | undefined;
  const l1 = await runPhase(context, 'L1 accept transaction on PostgreSQL', [{ id: 'L1', label: 'accept tx replayed on PostgreSQL', unit: 'per_second' }], async () => {
    system.pause('relay');
    try {
      template = await captureAcceptTemplate(probe.pool('gateway'), () => postTemplateCommand(context));
      const result = await measureAcceptTransactionLimit(system.databaseUrl('gateway'), template, { concurrency: options.concurrency, durationMs: options.limitSeconds * 1_000 });
      context.details.l1 = { ...result, connections: options.concurrency, statements: 'BEGIN; INSERT commands … ON CONFLICT DO NOTHING RETURNING; INSERT outbox_messages; COMMIT' };
      context.limits.l1 = result.perSecond;
      return [figure('L1', `accept tx replayed on PostgreSQL, ${options.concurrency} connections`, result.perSecond, 'per_second')];
    } finally {
      system.resume('relay');
    }
  });
  const l2 = await runPhase(context, 'L2 raw producer on the broker', [{ id: 'L2', label: 'raw kafkajs producer', unit: 'per_second' }], async () => {
    if (!template) throw new Error('no template command (L1 failed before capturing it)');
    const result = await measureProducerLimit(system.kafkaBrokers, template, options.limitSeconds * 1_000);
    context.details.l2 = { ...result, ...producerShape };
    context.limits.l2 = result.perSecond;
    const shape = `${result.messageBytes} B msgs, batches of ${producerShape.batchSize}, ${producerShape.inFlight} in flight, acks -1`;
    return [figure('L2', `raw kafkajs producer (${shape})`, result.perSecond, 'per_second')];
  });
  await settle(context, 'the limits');
  return [...l1, ...l2];
}
