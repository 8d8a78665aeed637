import { partitionLag, topicLag } from '../src/consumer-lag';

describe('consumer lag arithmetic', () => {
  it('when the group committed an offset inside the partition, then the lag is the messages from it to the end', () => {
    expect(partitionLag('7', { low: '0', high: '10' })).toBe(3);
  });

  it('when the group committed the end of the partition, then the lag is zero', () => {
    expect(partitionLag('10', { low: '0', high: '10' })).toBe(0);
  });

  it('when the group has committed nothing, then every retained message is still ahead of it', () => {
    expect(partitionLag('-1', { low: '4', high: '10' })).toBe(6);
  });

  it('when the committed offset is older than what the broker retains, then the lag counts from the retained start', () => {
    expect(partitionLag('2', { low: '5', high: '9' })).toBe(4);
  });

  it('when the partition is empty and nothing is committed, then the lag is zero', () => {
    expect(partitionLag('-1', { low: '0', high: '0' })).toBe(0);
  });

  it('when a committed offset lies past the end (the topic was recreated), then the lag is zero, never negative', () => {
    expect(partitionLag('12', { low: '0', high: '3' })).toBe(0);
  });

  it('when a topic has partitions the group never committed on, then each gets a row, in partition order', () => {
    const rows = topicLag(
      'g',
      't',
      [
        { partition: 2, low: '0', high: '5' },
        { partition: 0, low: '0', high: '4' },
        { partition: 1, low: '0', high: '0' },
      ],
      [{ partition: 0, offset: '4' }],
    );

    expect(rows).toEqual([
      { group: 'g', topic: 't', partition: 0, lag: 0 },
      { group: 'g', topic: 't', partition: 1, lag: 0 },
      { group: 'g', topic: 't', partition: 2, lag: 5 },
    ]);
  });
});
