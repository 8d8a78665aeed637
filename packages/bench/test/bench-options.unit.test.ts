import { parseBenchOptions } from '../src/bench-options';

describe('bench options', () => {
  it('when nothing is given, then it runs the full bench the issue describes', () => {
    const options = parseBenchOptions([], {}, '/results');

    expect(options).toMatchObject({ quick: false, concurrency: 32, p1Seconds: 15, p2Seconds: 30, p3RatePerSecond: 200, p6SmallCount: 10_000, p6LargeCount: 100_000, durability: 'durable', resultsDir: '/results' });
  });

  it('when --quick or BENCH_QUICK=1 is given, then counts and durations shrink, and explicit flags still win', () => {
    expect(parseBenchOptions([], { BENCH_QUICK: '1' }, '/r').quick).toBe(true);

    const options = parseBenchOptions(['--quick', '--p6-large=2000', '--skip=P5,p6'], {}, '/r');

    expect(options).toMatchObject({ quick: true, p1Seconds: 5, p6LargeCount: 2_000, skip: ['p5', 'p6'] });
  });

  it('when --durability=fast is given, then the bench runs PostgreSQL fast; anything but durable or fast is refused', () => {
    expect(parseBenchOptions(['--durability=fast'], {}, '/r').durability).toBe('fast');
    expect(() => parseBenchOptions(['--durability=off'], {}, '/r')).toThrow(/durable or fast/);
  });

  it('when a flag is unknown or a number is not positive, then it refuses instead of running the wrong bench', () => {
    expect(() => parseBenchOptions(['--quik'], {}, '/r')).toThrow(/unknown option --quik/);
    expect(() => parseBenchOptions(['--p2-seconds=0'], {}, '/r')).toThrow(/positive number/);
    expect(() => parseBenchOptions(['--skip=p1'], {}, '/r')).toThrow(/--skip takes p5, p6/);
  });
});
