import { planSends, toRecord, type OutboxRow } from '../src/send-plan';

const row = (id: number, valueBytes: number): OutboxRow => ({
  id: String(id),
  topic: 't',
  message_key: `k${id % 3}`,
  payload: { pad: 'x'.repeat(valueBytes) },
  headers: { 'message-id': `m${id}` },
});

const limits = { maxBatchBytes: 10_000, maxMessageBytes: 50_000, maxBatchRows: 500 };
const ids = (sends: Array<Array<{ row: OutboxRow }>>) => sends.map((send) => send.map((record) => Number(record.row.id)));

describe('send plan', () => {
  it('when rows add up past the byte limit, then they are split into sends in id order, each within the limit', () => {
    const records = Array.from({ length: 10 }, (_, index) => toRecord(row(index, 3_000)));

    const plan = planSends(records, limits);

    expect(ids(plan.sends)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    for (const send of plan.sends) expect(send.reduce((sum, record) => sum + record.bytes, 0)).toBeLessThanOrEqual(limits.maxBatchBytes);
    expect(plan.oversized).toEqual([]);
  });

  it('when rows are small, then a send holds at most the row limit', () => {
    const records = Array.from({ length: 7 }, (_, index) => toRecord(row(index, 10)));

    expect(ids(planSends(records, { ...limits, maxBatchRows: 3 }).sends)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('when one row is above the batch limit but within the broker limit, then it is sent alone', () => {
    const records = [toRecord(row(1, 100)), toRecord(row(2, 20_000)), toRecord(row(3, 100))];

    expect(ids(planSends(records, limits).sends)).toEqual([[1], [2], [3]]);
  });

  it('when one row is larger than the broker accepts, then it is left out of every send and the rest keep their order', () => {
    const records = [toRecord(row(1, 100)), toRecord(row(2, 60_000)), toRecord(row(3, 100))];

    const plan = planSends(records, limits);

    expect(ids(plan.sends)).toEqual([[1, 3]]);
    expect(plan.oversized.map((record) => record.row.id)).toEqual(['2']);
  });

  it('when a value holds multi-byte characters, then its size counts bytes, not characters', () => {
    const ascii = toRecord({ ...row(1, 0), payload: { d: 'a'.repeat(5_000) } });
    const multiByte = toRecord({ ...row(1, 0), payload: { d: '火'.repeat(5_000) } });

    expect(multiByte.bytes - ascii.bytes).toBe(10_000);
  });
});
