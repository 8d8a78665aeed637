import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDebianPackage } from '@atalaia/testing';
import { atalaiaNamesIn, isRegistered, recordedNamesIn, registeredMetricNames } from './metric-names';
import { runbookAnchors } from './runbook-anchors';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
const observability = join(root, 'deploy', 'observability');
const prometheusDir = join(observability, 'prometheus');
const read = (...path: string[]) => readFile(join(...path), 'utf8');

interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr: string; datasource?: { uid?: string } }[];
}

/** promtool's verdict with its output, so a failing check says why. */
async function promtool(promtoolPath: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(promtoolPath, args, { cwd: prometheusDir });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` || String(error) };
  }
}

describe('Prometheus scrape config, alert rules and the Grafana dashboard', () => {
  let promtoolPath: string;
  let registered: Set<string>;
  let rules: string;
  let dashboard: { uid: string; schemaVersion: number; panels: Panel[]; templating: { list: { name: string; definition: string }[] } };
  let datasourceUid: string;

  beforeAll(async () => {
    // Debian's `prometheus` package brings promtool; a clean CI machine installs it here.
    [promtoolPath, registered, rules] = await Promise.all([
      ensureDebianPackage('promtool', ['prometheus']),
      registeredMetricNames(root),
      read(prometheusDir, 'alerts.yml'),
    ]);
    dashboard = JSON.parse(await read(observability, 'grafana', 'dashboards', 'atalaia-pipeline.json'));
    const datasources = await read(observability, 'grafana', 'provisioning', 'datasources', 'prometheus.yml');
    datasourceUid = /^\s*uid:\s*(\S+)\s*$/m.exec(datasources)![1]!;
  }, 600_000);

  it.each([
    ['check config', 'prometheus.yml'],
    ['check rules', 'alerts.yml'],
    ['test rules', 'alerts.test.yml'],
  ])('when promtool runs %s on %s, then it passes', async (command, file) => {
    const verdict = await promtool(promtoolPath, [...command.split(' '), file]);
    expect(verdict).toEqual({ ok: true, output: expect.stringContaining('SUCCESS') });
  });

  it('when every alert is read, then it has a severity, a summary, a description and a runbook link', () => {
    const alerts = rules.split(/^\s*- alert: /m).slice(1);
    expect(alerts.length).toBeGreaterThanOrEqual(7);
    for (const alert of alerts) {
      const name = alert.split('\n')[0];
      expect({ name, severity: /severity: (critical|warning)\b/.test(alert) }).toEqual({ name, severity: true });
      expect({ name, summary: /summary:/.test(alert), description: /description:/.test(alert) }).toEqual({ name, summary: true, description: true });
      expect({ name, runbook: /runbook_url: README\.md#runbook-[a-z0-9-]+\n/.test(alert) }).toEqual({ name, runbook: true });
    }
  });

  it('when every runbook link is followed, then README.md has that heading in its runbook section', async () => {
    const anchors = runbookAnchors(await read(root, 'README.md'));
    const linked = [...rules.matchAll(/runbook_url: README\.md#([a-z0-9-]+)/g)].map((match) => match[1]!);
    expect(linked.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  it('when the rules and the dashboard name a metric, then the code registers it', () => {
    const expressions = [rules, ...dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr)];
    const unknown = expressions.flatMap(atalaiaNamesIn).filter((name) => !isRegistered(name, registered));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('when the dashboard reads a recorded series, then a rule records it', () => {
    const recorded = new Set([...rules.matchAll(/- record: (\S+)/g)].map((match) => match[1]!));
    const reads = dashboard.panels.flatMap((panel) => panel.targets ?? []).flatMap((target) => recordedNamesIn(target.expr));
    expect(reads.filter((name) => !recorded.has(name))).toEqual([]);
  });

  it('when the dashboard is loaded, then it has its fixed uid, a service variable and every panel on the provisioned datasource', () => {
    expect(dashboard).toMatchObject({ uid: 'atalaia-pipeline', schemaVersion: expect.any(Number) });
    expect(dashboard.templating.list.map((variable) => variable.name)).toContain('service');
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(10);
    const elsewhere = panels.filter(
      (panel) => panel.datasource?.uid !== datasourceUid || !panel.targets?.length || panel.targets.some((target) => target.datasource?.uid !== datasourceUid),
    );
    expect(elsewhere.map((panel) => panel.title)).toEqual([]);
  });

  it('when Prometheus scrapes a target, then docker-compose runs that service on that port, and compose mounts files that exist', async () => {
    const [config, compose] = await Promise.all([read(prometheusDir, 'prometheus.yml'), read(root, 'docker-compose.yml')]);
    const targets = [...config.matchAll(/targets: \["([a-z]+):(\d+)"\]/g)].map((match) => ({ service: match[1]!, port: match[2]! }));
    expect(targets.map((target) => target.service).sort()).toEqual(['audit', 'dispatch', 'gateway', 'occurrence', 'relay']);
    for (const { service, port } of targets) {
      const block = compose.split(/\n(?=  [a-z-]+:\n)/).find((part) => part.startsWith(`  ${service}:\n`));
      expect({ service, port: /\n\s+PORT: (\d+)/.exec(block ?? '')?.[1] }).toEqual({ service, port });
    }
    const mounted = [...compose.matchAll(/\.\/(deploy\/observability\/[^:\s\]]+)/g)].map((match) => match[1]!);
    expect(mounted.length).toBeGreaterThanOrEqual(3);
    expect(mounted.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});
