import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@atalaia/contracts';

/** A handler bug is simulated for this occurrence id. */
export const BROKEN = '00000000-0000-4000-8000-00000000dead';

/** An `occurrence.start` command, the smallest valid command there is. */
export const command = (occurrenceId: string = randomUUID()) =>
  createEnvelope({
    type: 'occurrence.start',
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrenceId,
    commandId: randomUUID(),
    actor: { clientId: 'client', agencyId: 'agency' },
    data: { occurrenceId },
  });
