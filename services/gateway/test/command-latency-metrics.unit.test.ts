import { commandTypeLabel } from '../src/metrics/command-latency-metrics';

describe('command latency labels', () => {
  it.each(['occurrence.create_or_update', 'occurrence.start', 'occurrence.resolve', 'occurrence.cancel', 'dispatch.create', 'dispatch.update_status', 'dispatch.close'])(
    'when the command type is %s, then it is its own label',
    (type) => {
      expect(commandTypeLabel(type)).toBe(type);
    },
  );

  it.each(['occurrence.created', 'command.processed', 'unknown', 'x'.repeat(100)])('when the type is %s (no command the gateway accepts), then the label is "unknown"', (type) => {
    expect(commandTypeLabel(type)).toBe('unknown');
  });
});
