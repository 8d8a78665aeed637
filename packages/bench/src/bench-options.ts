/** How long and how big each part of the run is; `--quick` is a smoke run of about a minute of load. */
export interface BenchOptions {
  quick: boolean;
  /** HTTP clients for P1/P2 and connections for L1, as the issue fixes them. */
  concurrency: number;
  warmupCommands: number;
  limitSeconds: number;
  p1Seconds: number;
  p2Seconds: number;
  p3RatePerSecond: number;
  p3Seconds: number;
  p6SmallCount: number;
  p6LargeCount: number;
  p5Repeats: number;
  /** A drain that makes no progress for this long is reported as stalled instead of waited for. */
  stallSeconds: number;
  /** Figure groups not to run, e.g. `p6` (they are reported as skipped). */
  skip: string[];
  /** The PostgreSQL mode `npm start` is given (ATALAIA_POSTGRES_DURABILITY); the bench runs durable unless told. */
  durability: 'durable' | 'fast';
  resultsDir: string;
}

const full: Omit<BenchOptions, 'resultsDir' | 'skip' | 'durability'> = {
  quick: false,
  concurrency: 32,
  warmupCommands: 500,
  limitSeconds: 10,
  p1Seconds: 15,
  p2Seconds: 30,
  p3RatePerSecond: 200,
  p3Seconds: 30,
  p6SmallCount: 10_000,
  p6LargeCount: 100_000,
  p5Repeats: 3,
  stallSeconds: 120,
};

const quick: typeof full = {
  ...full,
  quick: true,
  warmupCommands: 200,
  limitSeconds: 3,
  p1Seconds: 5,
  p2Seconds: 8,
  p3Seconds: 8,
  p6SmallCount: 500,
  p6LargeCount: 5_000,
  p5Repeats: 1,
  stallSeconds: 60,
};

const numericFlags: Record<string, keyof typeof full> = {
  '--concurrency': 'concurrency',
  '--p1-seconds': 'p1Seconds',
  '--p2-seconds': 'p2Seconds',
  '--p3-rate': 'p3RatePerSecond',
  '--p3-seconds': 'p3Seconds',
  '--p6-small': 'p6SmallCount',
  '--p6-large': 'p6LargeCount',
  '--p5-repeats': 'p5Repeats',
  '--limit-seconds': 'limitSeconds',
  '--stall-seconds': 'stallSeconds',
};

export const usage = `npm run bench -- [--quick] [--durability=durable|fast] [--skip=p5,p6] [--results-dir=DIR] [${Object.keys(numericFlags).map((flag) => `${flag}=N`).join('] [')}]
  BENCH_QUICK=1 is the same as --quick.`;

/** Only the slow, self-contained figures can be left out; the others feed each other (limits → ratios). */
export const skippable = ['p5', 'p6'];

function parseSkip(value: string): string[] {
  const skip = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const unknown = skip.filter((part) => !skippable.includes(part));
  if (unknown.length > 0) throw new Error(`--skip takes ${skippable.join(', ')}; not ${unknown.join(', ')}`);
  return skip;
}

/** Flags win over `BENCH_QUICK`; unknown flags are errors, so a typo never runs the wrong bench. */
export function parseBenchOptions(argv: string[], env: Record<string, string | undefined>, defaultResultsDir: string): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const [name, value = 'true'] = arg.split(/=(.*)/s, 2) as [string, string?];
    flags.set(name, value);
  }
  const isQuick = flags.has('--quick') || env.BENCH_QUICK === '1';
  const options: BenchOptions = { ...(isQuick ? quick : full), skip: [], durability: 'durable', resultsDir: defaultResultsDir };
  for (const [name, value] of flags) {
    if (name === '--quick') continue;
    if (name === '--skip') options.skip = parseSkip(value);
    else if (name === '--durability') {
      if (value !== 'durable' && value !== 'fast') throw new Error(`--durability takes durable or fast, not "${value}"`);
      options.durability = value;
    }
    else if (name === '--results-dir') options.resultsDir = value;
    else if (name in numericFlags) {
      const number = Number(value);
      if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} needs a positive number, got "${value}"`);
      (options[numericFlags[name]!] as number) = number;
    } else throw new Error(`unknown option ${name}\n${usage}`);
  }
  return options;
}
