import { endToEndMismatches } from '../src/phases/end-to-end-phase';

const stored = (total: number, processed = total, failed = 0) => ({ total, processed, failed, firstCreatedAt: null, lastProcessedAt: null, ids: [] });
const audited = (commands: number) => ({ entries: commands, commands, lastRecordedAt: null });

describe('end-to-end checks', () => {
  it('when every stored command was processed, written and audited, then nothing is reported', () => {
    expect(endToEndMismatches(100, stored(100), 100, audited(100))).toEqual([]);
  });

  it('when a request timed out at the client but its command was stored, then it must still be processed, written and audited', () => {
    expect(endToEndMismatches(98, stored(100), 100, audited(100))).toEqual([]);
    expect(endToEndMismatches(98, stored(100, 99, 1), 99, audited(99))).toEqual([
      '99 processed of 100 stored (1 failed)',
      '99 occurrences for 100 commands',
      '99 commands audited of 100',
    ]);
  });

  it('when an accepted command is missing from the gateway, then that is a mismatch', () => {
    expect(endToEndMismatches(100, stored(97), 97, audited(97))).toEqual(['3 of 100 accepted commands are not stored']);
  });
});
