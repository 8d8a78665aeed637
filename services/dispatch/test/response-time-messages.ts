import { randomUUID } from 'node:crypto';
import { createEnvelope, type DispatchSnapshot, type DispatchStatus, type Envelope, type OccurrenceSnapshot } from '@atalaia/contracts';
import { occurrenceSnapshot, testActor } from './dispatch-messages';

/** When each milestone of an occurrence happens, in seconds after its report; absent ones never happen. */
export interface ResponsePlan {
  agencyId: string;
  assigned: number;
  enRoute?: number;
  onScene?: number;
  resolved?: number;
}

type DispatchOffsets = Pick<ResponsePlan, 'assigned' | 'enRoute' | 'onScene'>;

const reportedAt = Date.parse('2026-01-05T08:00:00Z');
const after = (seconds: number) => new Date(reportedAt + seconds * 1000).toISOString();

const event = (type: string, aggregateType: 'occurrence' | 'dispatch', subject: string, data: unknown): Envelope =>
  createEnvelope({ type, source: 'test', aggregateType, subject, actor: testActor, data });

/**
 * One occurrence's events with controlled times, as the occurrence service
 * and the dispatch service publish them: type `incendio_urbano`, priority 5.
 */
export class ResponseStory {
  readonly occurrenceId = randomUUID();
  /** Built once: sending one of them again is a redelivery (same message id). */
  readonly occurrenceEvents: Envelope[];
  /** The first unit's dispatch: assigned, then en route and on scene as planned. */
  readonly dispatchEvents: Envelope[];

  constructor(private readonly plan: ResponsePlan) {
    this.occurrenceEvents = this.occurrenceStory();
    this.dispatchEvents = this.unitEvents(plan);
  }

  private occurrenceStory(): Envelope[] {
    const reported: OccurrenceSnapshot = {
      ...occurrenceSnapshot(this.occurrenceId, 'reported', 1),
      agencyId: this.plan.agencyId,
      type: 'incendio_urbano',
      priority: 5,
      reportedAt: after(0),
      acceptedAt: after(2),
      createdAt: after(2),
      updatedAt: after(2),
    };
    const events = [event('occurrence.created', 'occurrence', this.occurrenceId, { occurrence: reported })];
    if (this.plan.resolved === undefined) return events;
    const closedAt = after(this.plan.resolved);
    const resolved = { ...reported, status: 'resolved', closedAt, updatedAt: closedAt, version: 2 };
    return [...events, event('occurrence.resolved', 'occurrence', this.occurrenceId, { occurrence: resolved, previousStatus: 'reported' })];
  }

  /** Another unit sent to the same occurrence, at its own times. */
  secondUnitEvents(offsets: DispatchOffsets): Envelope[] {
    return this.unitEvents(offsets);
  }

  private unitEvents(offsets: DispatchOffsets): Envelope[] {
    const dispatchId = randomUUID();
    const assigned: DispatchSnapshot = {
      id: dispatchId,
      occurrenceId: this.occurrenceId,
      agencyId: this.plan.agencyId,
      unitId: randomUUID(),
      resourceCode: 'ABT-1',
      status: 'assigned',
      note: null,
      closeReason: null,
      version: 1,
      createdAt: after(offsets.assigned),
      updatedAt: after(offsets.assigned),
      closedAt: null,
    };
    const events = [event('dispatch.assigned', 'dispatch', dispatchId, { dispatch: assigned })];
    const moves: Array<[DispatchStatus, DispatchStatus, number | undefined]> = [
      ['en_route', 'assigned', offsets.enRoute],
      ['on_scene', 'en_route', offsets.onScene],
    ];
    let version = 1;
    for (const [status, previousStatus, at] of moves) {
      if (at === undefined) continue;
      version += 1;
      const dispatch = { ...assigned, status, version, updatedAt: after(at) };
      events.push(event('dispatch.status_changed', 'dispatch', dispatchId, { dispatch, previousStatus }));
    }
    return events;
  }
}
