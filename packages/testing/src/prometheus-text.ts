/**
 * Reads one sample from Prometheus text exposition (a `/metrics` body): the
 * value of `name` whose labels include every one of `labels`, summed over the
 * samples that match (0 when none do, as Prometheus treats a series not yet
 * seen). Tests assert on what a scraper would see, not on prom-client objects.
 */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const sample = parseSampleLine(line);
    if (sample && Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) sum += sample.value;
  }
  return sum;
}

/** Every label set `name` has samples for. */
export function sampleLabelSets(text: string, name: string): Array<Record<string, string>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .flatMap((line) => {
      const sample = parseSampleLine(line);
      return sample ? [sample.labels] : [];
    });
}

function parseSampleLine(line: string): { labels: Record<string, string>; value: number } | undefined {
  const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(.*)\})? (\S+)/.exec(line);
  if (!match) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of (match[1] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[pair[1]!] = pair[2]!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
  }
  return { labels, value: Number(match[2]) };
}
