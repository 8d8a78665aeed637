export {
  durabilitySettings,
  postgresDurabilities,
  startEmbeddedPostgres,
  type PostgresDurability,
  type PostgresOptions,
  type RunningPostgres,
} from './embedded-postgres';
export { getFreePort, getFreePortGrid, getFreePorts } from './free-port';
export { resolveKafkaClasspath, startKafkaBroker, type KafkaBrokerOptions, type RunningKafkaBroker } from './kafka-broker';
export { planInstances, systemServices, type ServiceInstance, type SystemService } from './service-instances';
export { serviceNodeFlags } from './service-supervisor';
export { buildSystem } from './system-build';
export { createTempDir } from './temp-dir';
export { resolveJaegerBinary } from './jaeger-build';
export { startJaeger, type JaegerOptions, type RunningJaeger } from './jaeger-server';
