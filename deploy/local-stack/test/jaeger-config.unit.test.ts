import {
  jaegerArgs,
  jaegerBinaryPath,
  jaegerBuildCommand,
  jaegerConfigYaml,
  jaegerDownloadArgs,
  jaegerReadyLine,
  otlpExportEnvironment,
} from '../src/jaeger-config';

describe('Jaeger for npm start', () => {
  test('when no version is given, then the binary is cached per version under the cache root', () => {
    expect(jaegerBinaryPath('/repo/.atalaia')).toBe('/repo/.atalaia/jaeger/v1.76.0/jaeger');
    expect(jaegerBinaryPath('/repo/.atalaia', 'v9.9.9')).toBe('/repo/.atalaia/jaeger/v9.9.9/jaeger');
  });

  test('when building, then go downloads the pinned module and builds cmd/jaeger into the given file with -mod=mod added to the caller GOFLAGS', () => {
    expect(jaegerDownloadArgs()).toEqual(['mod', 'download', '-json', 'github.com/jaegertracing/jaeger@v1.76.0']);
    expect(jaegerBuildCommand('/out/jaeger.partial', {})).toEqual({
      args: ['build', '-o', '/out/jaeger.partial', './cmd/jaeger'],
      env: { GOFLAGS: '-mod=mod' },
    });
    expect(jaegerBuildCommand('/out/j', { GOFLAGS: '-buildvcs=false' }).env).toEqual({ GOFLAGS: '-buildvcs=false -mod=mod' });
  });

  test('when started, then the only argument is the generated config file', () => {
    expect(jaegerArgs('/data/jaeger/config.yaml')).toEqual(['--config', 'file:/data/jaeger/config.yaml']);
  });

  test('when ports are given, then every listener is on the host and port chosen, and no other fixed port is opened', () => {
    const yaml = jaegerConfigYaml({ otlpHttp: 14318, query: 26686, otlpGrpc: 14317 });

    const endpoints = [...yaml.matchAll(/endpoint: "([^"]+)"/g)].map((match) => match[1]);
    expect(endpoints.sort()).toEqual(['127.0.0.1:0', '127.0.0.1:14317', '127.0.0.1:14318', '127.0.0.1:26686']);
    expect(yaml).toMatch(/jaeger_query:\n {4}storage:\n {6}traces: memory_store\n {4}http:\n {6}endpoint: "127\.0\.0\.1:26686"/);
    expect(yaml).toMatch(/otlp:\n {4}protocols:\n {6}grpc:\n {8}endpoint: "127\.0\.0\.1:14317"\n {6}http:\n {8}endpoint: "127\.0\.0\.1:14318"/);
    expect(yaml).toContain('receivers: [otlp]');
    expect(yaml).toContain('level: none');
    expect(yaml).not.toMatch(/healthcheck|remote_sampling|zipkin|8888/);
  });

  test('when no gRPC port is given, then there is no OTLP/gRPC receiver', () => {
    const yaml = jaegerConfigYaml({ otlpHttp: 4318, query: 16686 });

    expect(yaml).not.toContain('grpc:\n        endpoint');
    expect(yaml).toContain('      http:\n        endpoint: "127.0.0.1:4318"');
  });

  test('when storage is configured, then traces stay in memory, bounded', () => {
    expect(jaegerConfigYaml({ otlpHttp: 1, query: 2 }, { maxTraces: 123 })).toMatch(/memory_store:\n {8}memory:\n {10}max_traces: 123\n/);
    expect(jaegerConfigYaml({ otlpHttp: 1, query: 2 })).toContain('exporters: [jaeger_storage_exporter]');
  });

  test('when services export to Jaeger, then they get the standard OTLP variables and the per-signal traces endpoint', () => {
    expect(otlpExportEnvironment('http://127.0.0.1:4318')).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces',
    });
  });

  test('when Jaeger runs, then its line names the query API and the OTLP endpoint', () => {
    expect(jaegerReadyLine('http://127.0.0.1:16686', 'http://127.0.0.1:4318')).toBe(
      'jaeger — query API http://127.0.0.1:16686/api/traces  (OTLP http://127.0.0.1:4318)',
    );
  });
});
