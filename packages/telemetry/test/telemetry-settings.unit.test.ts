import { DEFAULT_OTLP_TRACES_URL, readTelemetrySettings } from '../src/telemetry-settings';

const read = (env: Record<string, string>) => readTelemetrySettings(env);
const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

describe('telemetry settings from the OTEL_* environment', () => {
  it('when nothing is set, then the defaults apply and nothing is exported', () => {
    const { settings, warnings } = read({});
    expect(settings).toEqual({
      disabled: false,
      serviceName: undefined,
      serviceVersion: undefined,
      resourceAttributes: {},
      otlp: undefined,
      console: false,
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      batch: { scheduledDelayMillis: 5000, exportTimeoutMillis: 30000, maxQueueSize: 2048, maxExportBatchSize: 512 },
    });
    expect(warnings).toEqual([]);
  });

  describe('OTEL_SDK_DISABLED', () => {
    it.each([['true', true], ['TRUE', true], ['false', false], ['', false]])('when it is %j, then disabled is %s', (value, disabled) => {
      expect(read({ OTEL_SDK_DISABLED: value }).settings.disabled).toBe(disabled);
    });

    it('when it is not a boolean, then a warning names it and the SDK stays enabled', () => {
      const { settings, warnings } = read({ OTEL_SDK_DISABLED: 'yes' });
      expect(settings.disabled).toBe(false);
      expect(warnings).toEqual([expect.stringContaining('OTEL_SDK_DISABLED="yes" is invalid')]);
    });
  });

  it('when OTEL_SERVICE_NAME and ATALAIA_VERSION are set, then they are kept', () => {
    const { settings } = read({ OTEL_SERVICE_NAME: 'gateway-eu', ATALAIA_VERSION: '1.2.3' });
    expect(settings).toMatchObject({ serviceName: 'gateway-eu', serviceVersion: '1.2.3' });
  });

  it('when OTEL_RESOURCE_ATTRIBUTES is set, then its pairs are percent-decoded and a malformed entry is warned about and skipped', () => {
    const { settings, warnings } = read({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod, team=sre%20on%20call,broken' });
    expect(settings.resourceAttributes).toEqual({ 'deployment.environment.name': 'prod', team: 'sre on call' });
    expect(warnings).toEqual([expect.stringContaining('OTEL_RESOURCE_ATTRIBUTES')]);
  });

  describe('OTLP endpoint', () => {
    it('when only the base endpoint is set, then /v1/traces is appended (once, with or without a trailing slash or a path)', () => {
      expect(read(endpoint).settings.otlp?.url).toBe('http://collector:4318/v1/traces');
      expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).settings.otlp?.url).toBe('http://collector:4318/v1/traces');
      expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/in' }).settings.otlp?.url).toBe('https://otel.example/in/v1/traces');
    });

    it('when the traces endpoint is set, then it is used as is and wins over the base endpoint', () => {
      const { settings } = read({ ...endpoint, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/custom' });
      expect(settings.otlp?.url).toBe('http://jaeger:4318/custom');
    });

    it('when an endpoint is not an http(s) URL, then it is warned about and ignored', () => {
      const { settings, warnings } = read({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'jaeger:4318', ...endpoint });
      expect(settings.otlp?.url).toBe('http://collector:4318/v1/traces');
      expect(warnings).toEqual([expect.stringContaining('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="jaeger:4318"')]);
    });

    it('when OTEL_TRACES_EXPORTER names otlp without an endpoint, then the specification default endpoint is used', () => {
      expect(read({ OTEL_TRACES_EXPORTER: 'otlp' }).settings.otlp?.url).toBe(DEFAULT_OTLP_TRACES_URL);
    });
  });

  describe('OTEL_TRACES_EXPORTER', () => {
    it('when it is none, then nothing is exported even with an endpoint', () => {
      expect(read({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).settings).toMatchObject({ otlp: undefined, console: false });
    });

    it('when it lists console and otlp, then both are used', () => {
      const { settings } = read({ ...endpoint, OTEL_TRACES_EXPORTER: 'console, otlp' });
      expect(settings.console).toBe(true);
      expect(settings.otlp).toBeDefined();
    });

    it('when it is console only, then OTLP is not used although an endpoint is set', () => {
      expect(read({ ...endpoint, OTEL_TRACES_EXPORTER: 'console' }).settings).toMatchObject({ otlp: undefined, console: true });
    });

    it('when it names an unknown exporter, then a warning names it', () => {
      expect(read({ ...endpoint, OTEL_TRACES_EXPORTER: 'zipkin,otlp' }).warnings).toEqual([expect.stringContaining('"zipkin"')]);
    });
  });

  describe('OTLP protocol', () => {
    it('when none is set, then it is http/protobuf', () => {
      expect(read(endpoint).settings.otlp?.protocol).toBe('http/protobuf');
    });

    it('when the general and the traces protocol are set, then the traces one wins', () => {
      expect(read({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).settings.otlp?.protocol).toBe('http/json');
      const both = read({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' });
      expect(both.settings.otlp?.protocol).toBe('http/protobuf');
    });

    it.each(['grpc', 'thrift'])('when it is %s, then a warning says so and http/protobuf is used', (protocol) => {
      const { settings, warnings } = read({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
      expect(settings.otlp?.protocol).toBe('http/protobuf');
      expect(warnings).toEqual([expect.stringContaining(`OTEL_EXPORTER_OTLP_PROTOCOL=`)]);
    });
  });

  it('when general and traces headers are set, then they merge, the traces ones winning, values percent-decoded', () => {
    const { settings } = read({ ...endpoint, OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b,x-team=sre', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=traces' });
    expect(settings.otlp?.headers).toEqual({ 'api-key': 'a b', 'x-team': 'traces' });
  });

  describe('OTLP timeout', () => {
    it('when the general and the traces timeout are set, then the traces one wins', () => {
      expect(read({ ...endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }).settings.otlp?.timeoutMillis).toBe(2000);
      expect(read({ ...endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: '2000', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '500' }).settings.otlp?.timeoutMillis).toBe(500);
    });

    it('when the traces timeout is invalid, then it is warned about and the general one applies', () => {
      const { settings, warnings } = read({ ...endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: '2000', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '-1' });
      expect(settings.otlp?.timeoutMillis).toBe(2000);
      expect(warnings).toEqual([expect.stringContaining('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT')]);
    });
  });

  describe('sampler', () => {
    it.each(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])(
      'when OTEL_TRACES_SAMPLER is %s, then that sampler is chosen',
      (name) => {
        expect(read({ OTEL_TRACES_SAMPLER: name }).settings.sampler).toEqual({ name, ratio: 1 });
      },
    );

    it('when a ratio sampler has OTEL_TRACES_SAMPLER_ARG, then the ratio is taken', () => {
      expect(read({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).settings.sampler).toEqual({
        name: 'parentbased_traceidratio',
        ratio: 0.25,
      });
    });

    it('when the ratio is out of range, then it is warned about and 1.0 applies', () => {
      const { settings, warnings } = read({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' });
      expect(settings.sampler.ratio).toBe(1);
      expect(warnings).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER_ARG')]);
    });

    it('when the sampler is unknown, then it is warned about and parentbased_always_on applies', () => {
      const { settings, warnings } = read({ OTEL_TRACES_SAMPLER: 'jaeger_remote' });
      expect(settings.sampler.name).toBe('parentbased_always_on');
      expect(warnings).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER="jaeger_remote"')]);
    });
  });

  describe('batch span processor', () => {
    it('when every OTEL_BSP_* is set, then each is taken', () => {
      const { settings } = read({
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_BSP_EXPORT_TIMEOUT: '2000',
        OTEL_BSP_MAX_QUEUE_SIZE: '64',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '16',
      });
      expect(settings.batch).toEqual({ scheduledDelayMillis: 100, exportTimeoutMillis: 2000, maxQueueSize: 64, maxExportBatchSize: 16 });
    });

    it.each([
      ['OTEL_BSP_SCHEDULE_DELAY', 'soon', 'scheduledDelayMillis', 5000],
      ['OTEL_BSP_EXPORT_TIMEOUT', '-5', 'exportTimeoutMillis', 30000],
      ['OTEL_BSP_MAX_QUEUE_SIZE', '0', 'maxQueueSize', 2048],
      ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '1.5', 'maxExportBatchSize', 512],
    ])('when %s is %j, then it is warned about and the default applies', (name, value, field, fallback) => {
      const { settings, warnings } = read({ [name]: value });
      expect(settings.batch[field as keyof typeof settings.batch]).toBe(fallback);
      expect(warnings).toEqual([expect.stringContaining(name)]);
    });
  });
});
