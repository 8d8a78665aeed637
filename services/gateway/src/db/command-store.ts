import { randomUUID } from 'node:crypto';
import { agencyFilterFor, createEnvelope, type AgencyAccess } from '@atalaia/contracts';
import { Prisma } from './generated/client';
import { actorOf, type ApiClient } from '../domain/api-client';
import { decideOnReusedKey, type ReplayDecision } from '../domain/idempotent-acceptance';
import { outboxStatementFor, type SqlStatement } from './outbox-statement';
import type { GatewayPrisma } from './prisma';

export interface CommandRequest {
  client: ApiClient;
  idempotencyKey: string;
  type: string;
  aggregateType: string;
  /** What the command targets, for idempotency (e.g. `agency:externalId`, an occurrence id). */
  scopeKey: string;
  /** The aggregate's id: the message's subject and Kafka key, the same for every command about one occurrence. */
  messageKey: string;
  topic: string;
  payload: Record<string, unknown>;
  payloadHash: string;
  correlationId?: string;
  traceparent?: string;
  expiresAt: Date;
}

export type AcceptOutcome =
  | { kind: 'accepted'; commandId: string; createdAt: Date; status: 'pending' }
  /** `status` is the command's status now: a replay after processing says so. */
  | { kind: 'replay'; commandId: string; createdAt: Date; status: string }
  | { kind: 'conflict'; commandId: string; reason: Extract<ReplayDecision, { kind: 'conflict' }>['reason'] };

export interface CommandView {
  id: string;
  type: string;
  status: string;
  aggregateType: string | null;
  aggregateId: string | null;
  result: unknown;
  error: unknown;
  correlationId: string | null;
  createdAt: Date;
  processedAt: Date | null;
}

const IDEMPOTENCY_INDEX = 'commands_client_id_idempotency_key_key';

/** The driver's report that the insert hit the (client, idempotency key) unique index. */
function isIdempotencyKeyTaken(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string; constraint?: { index?: string } } } | undefined)?.cause;
  return cause?.kind === 'UniqueConstraintViolation' && cause.constraint?.index === IDEMPOTENCY_INDEX;
}

/**
 * The command insert and its outbox insert as one statement: both rows or
 * neither, in a single round trip. A plain INSERT (no ON CONFLICT) makes a
 * reused key fail the whole statement, outbox row included.
 */
async function acceptStatement(commandId: string, request: CommandRequest): Promise<SqlStatement> {
  const envelope = createEnvelope({
    type: request.type,
    source: 'atalaia.gateway',
    aggregateType: request.aggregateType,
    subject: request.messageKey,
    commandId,
    correlationId: request.correlationId,
    actor: actorOf(request.client),
    data: request.payload,
  });
  const outbox = await outboxStatementFor([{ topic: request.topic, key: request.messageKey, envelope }]);
  const command = [
    commandId, request.client.id, request.client.agencyId, request.idempotencyKey, request.type, request.scopeKey,
    JSON.stringify(request.payload), request.payloadHash, request.correlationId ?? null, request.traceparent ?? null, request.expiresAt,
  ];
  const p = (index: number) => `$${outbox.values.length + index}`;
  const sql = `WITH outbox AS (${outbox.sql}),
    command AS (
      INSERT INTO commands (id, client_id, agency_id, idempotency_key, type, scope_key, payload, payload_hash,
                            correlation_id, traceparent, expires_at)
      VALUES (${p(1)}::uuid, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::jsonb, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}::timestamptz)
      RETURNING created_at)
    SELECT created_at FROM command`;
  return { sql, values: [...outbox.values, ...command] };
}

/**
 * The HTTP side of the command inbox and its outbox, through Prisma (the
 * consumer records results in `command-results.ts`, on `pg`).
 */
export class CommandStore {
  constructor(private readonly prisma: GatewayPrisma) {}

  /**
   * Stores the command and its outbox message in one statement, or finds the
   * command an earlier request with the same idempotency key created. Racing
   * requests with one key serialise on the unique index: one inserts, the
   * others wait for it to commit, fail on the index (so write no outbox row
   * either) and then read its row.
   */
  async accept(request: CommandRequest): Promise<AcceptOutcome> {
    const commandId = randomUUID();
    const statement = await acceptStatement(commandId, request);
    try {
      const [inserted] = await this.prisma.$queryRawUnsafe<Array<{ created_at: Date }>>(statement.sql, ...statement.values);
      return { kind: 'accepted', commandId, createdAt: inserted!.created_at, status: 'pending' };
    } catch (error) {
      if (!isIdempotencyKeyTaken(error)) throw error;
    }
    const stored = await this.prisma.command.findUniqueOrThrow({
      where: { clientId_idempotencyKey: { clientId: request.client.id, idempotencyKey: request.idempotencyKey } },
    });
    const decision = decideOnReusedKey(stored, request);
    return decision.kind === 'replay'
      ? { kind: 'replay', commandId: stored.id, createdAt: stored.createdAt, status: stored.status }
      : { kind: 'conflict', commandId: stored.id, reason: decision.reason };
  }

  /** A command as `access` may see it; other agencies' commands do not exist for an agency-scoped caller. */
  async findVisible(commandId: string, access: AgencyAccess): Promise<CommandView | null> {
    return this.prisma.command.findFirst({
      where: { id: commandId, agencyId: agencyFilterFor(access) },
      select: {
        id: true,
        type: true,
        status: true,
        aggregateType: true,
        aggregateId: true,
        result: true,
        error: true,
        correlationId: true,
        createdAt: true,
        processedAt: true,
      },
    });
  }
}
