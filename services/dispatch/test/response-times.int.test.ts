import path from 'node:path';
import type { Producer } from 'kafkajs';
import { topicNames, type Envelope, type ResponseTimesReport, type Topics } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, signedAccessHeaders, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { RESPONSE_TIME_CONSUMER } from '../src/consumers/response-time-consumer';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { startDispatchService, type RunningDispatchService } from '../src/dispatch-service';
import { createDispatchTopics, dispatchTestConfig } from './dispatch-service-harness';
import { ResponseStory, type ResponsePlan } from './response-time-messages';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('dispatch-test', 'warn');
const period = { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' };

/**
 * Seconds after the report (08:00Z) at which each milestone happens. Agency A:
 * call processing 60/90/30, turnout 60/100/70, travel 180/210/300, on scene
 * 900/–/600; agency B: one occurrence, turnout 40, never on scene.
 */
const plans: Record<'a1' | 'a2' | 'a3' | 'b1', ResponsePlan> = {
  a1: { agencyId: 'agency-a', assigned: 60, enRoute: 120, onScene: 300, resolved: 1200 },
  a2: { agencyId: 'agency-a', assigned: 90, enRoute: 190, onScene: 400 },
  a3: { agencyId: 'agency-a', assigned: 30, enRoute: 100, onScene: 400, resolved: 1000 },
  b1: { agencyId: 'agency-b', assigned: 45, enRoute: 85 },
};

describe('response times from occurrence and dispatch events', () => {
  let database: TestDatabase;
  let prisma: DispatchPrisma;
  let topics: Topics;
  let producer: Producer;
  let service: RunningDispatchService;
  let stories: Record<keyof typeof plans, ResponseStory>;

  const send = (topic: string, ...messages: Envelope[]) =>
    producer.send({ topic, messages: messages.map((message) => ({ partition: 0, key: message.subject, value: JSON.stringify(message) })) });
  const processed = (messages: Envelope[]) =>
    prisma.processedMessage.count({ where: { consumer: RESPONSE_TIME_CONSUMER, messageId: { in: messages.map((message) => message.id) } } });
  const waitUntilProcessed = (messages: Envelope[]) =>
    waitFor(async () => (await processed(messages)) === messages.length, { description: `${messages.length} message(s) folded into milestones` });
  const report = async (access: { agencyId: string; crossAgency: boolean }, query: Record<string, string> = {}): Promise<ResponseTimesReport> => {
    const response = await fetch(`${service.url}/api/reports/response-times?${new URLSearchParams({ ...period, ...query })}`, {
      headers: await signedAccessHeaders(access),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as ResponseTimesReport;
  };
  /** How many turnouts the histogram observed under these labels. */
  const turnoutCount = async (agency: string, type = 'incendio_urbano', priority = '5') =>
    (await (await fetch(`${service.url}/metrics`)).text()).match(
      new RegExp(`^atalaia_response_interval_seconds_count\\{interval="turnout",agency="${agency}",type="${type}",priority="${priority}"\\} (\\d+)$`, 'm'),
    )?.[1];

  const ownA = { agencyId: 'agency-a', crossAgency: false };
  const ownB = { agencyId: 'agency-b', crossAgency: false };
  const operator = { agencyId: 'cbm-ops', crossAgency: true };

  beforeAll(async () => {
    database = await createTestDatabase('dispatch_response_times', migrations);
    prisma = createDispatchPrisma(database.url);
    const namespace = uniqueTopicNamespace('response-times');
    topics = topicNames(namespace);
    const kafka = createKafkaClient({ clientId: 'dispatch-response-times-test', brokers: dispatchTestConfig(database.url, namespace, 0).KAFKA_BROKERS, logger });
    await createDispatchTopics(kafka, topics);
    producer = await connectIdempotentProducer(kafka);
    service = await startDispatchService(dispatchTestConfig(database.url, namespace, 0));
    stories = Object.fromEntries(Object.entries(plans).map(([name, plan]) => [name, new ResponseStory(plan)])) as typeof stories;

    // a2's dispatch events arrive before its occurrence has any: its row waits for type and report time.
    const early = stories.a2.dispatchEvents;
    await send(topics.dispatchEvents, ...early);
    await waitUntilProcessed(early);
    const occurrenceEvents = Object.values(stories).flatMap((story) => story.occurrenceEvents);
    const dispatchEvents = [stories.a1, stories.a3, stories.b1].flatMap((story) => story.dispatchEvents);
    await send(topics.occurrenceEvents, ...occurrenceEvents);
    await send(topics.dispatchEvents, ...dispatchEvents);
    await waitUntilProcessed([...occurrenceEvents, ...dispatchEvents]);
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('when the events of an agency are folded, then its report has the exact counts, nearest-rank p50/p90 and shares within target', async () => {
    const { groups, targets, truncated } = await report(ownA, { groupBy: 'agency' });

    expect({ targets, truncated }).toEqual({ targets: { default: { turnoutSeconds: 80, travelSeconds: 240 }, 'agency-a': { turnoutSeconds: 80, travelSeconds: 240 } }, truncated: false });
    expect(groups.map(({ agencyId, occurrences }) => ({ agencyId, occurrences }))).toEqual([{ agencyId: 'agency-a', occurrences: 3 }]);
    const { callProcessing, turnout, travel, onScene } = groups[0]!.intervals;
    expect(callProcessing).toMatchObject({ count: 3, p50Seconds: 60, p90Seconds: 90, targetSeconds: null, meetingTarget: null });
    expect(turnout).toMatchObject({ count: 3, p50Seconds: 70, p90Seconds: 100, targetSeconds: 80, meetingTarget: 2 / 3 });
    expect(travel).toMatchObject({ count: 3, p50Seconds: 210, p90Seconds: 300, targetSeconds: 240, meetingTarget: 2 / 3 });
    expect(onScene).toMatchObject({ count: 2, p50Seconds: 600, p90Seconds: 900 });
    expect(turnout.histogram.filter((bucket) => bucket.count > 0)).toEqual([
      { upToSeconds: 60, count: 1 },
      { upToSeconds: 80, count: 1 },
      { upToSeconds: 120, count: 1 },
    ]);
    // a2's turnout completed before its occurrence event said what it was: it is observed as type unknown.
    expect(await turnoutCount('agency-a')).toBe('2');
    expect(await turnoutCount('agency-a', 'unknown', 'none')).toBe('1');
    expect(await turnoutCount('agency-b')).toBe('1');
    // a2's dispatch events came first; its occurrence event filled in type and priority afterwards.
    const detailed = await report(ownA);
    expect(detailed.groups.map(({ agencyId, type, priority, occurrences }) => [agencyId, type, priority, occurrences])).toEqual([['agency-a', 'incendio_urbano', 5, 3]]);
  });

  it('when an event is delivered again and a second unit assigns, leaves and arrives later, then neither the report nor the histogram moves', async () => {
    const before = await report(ownA);
    const secondUnit = stories.a1.secondUnitEvents({ assigned: 100, enRoute: 150, onScene: 350 });

    // On one partition, in order: once the second unit's events are processed, so is the duplicate before them.
    await send(topics.dispatchEvents, stories.a1.dispatchEvents[1]!, ...secondUnit);
    await waitUntilProcessed(secondUnit);

    expect(await report(ownA)).toEqual(before);
    expect(await turnoutCount('agency-a')).toBe('2');
    expect(await turnoutCount('agency-a', 'unknown', 'none')).toBe('1');
  });

  it('when agencies ask, then each sees only its own figures, another agency filter gives none, and cross-agency access sees and filters both', async () => {
    const occurrencesOf = (answer: ResponseTimesReport) => answer.groups.map(({ agencyId, occurrences }) => [agencyId, occurrences]);

    expect(occurrencesOf(await report(ownB, { groupBy: 'agency' }))).toEqual([['agency-b', 1]]);
    expect(occurrencesOf(await report(ownB, { groupBy: 'agency', agencyId: 'agency-a' }))).toEqual([]);
    expect((await report(ownB, { groupBy: 'none', agencyId: 'agency-a' })).groups[0]).toMatchObject({ occurrences: 0 });
    expect(occurrencesOf(await report(operator, { groupBy: 'agency' }))).toEqual([['agency-a', 3], ['agency-b', 1]]);
    expect(occurrencesOf(await report(operator, { groupBy: 'agency', agencyId: 'agency-b' }))).toEqual([['agency-b', 1]]);
    const [combined] = (await report(operator, { groupBy: 'none' })).groups;
    expect(combined!.intervals.turnout).toMatchObject({ count: 4, p50Seconds: 60, p90Seconds: 100, meetingTarget: 3 / 4 });
  });

  it('when the period is empty or inverted, then the query is refused', async () => {
    const response = await fetch(`${service.url}/api/reports/response-times?${new URLSearchParams({ from: period.to, to: period.from })}`, {
      headers: await signedAccessHeaders(ownA),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('INVALID_TIME_RANGE');
  });
});
