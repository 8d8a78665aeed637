export { startEmbeddedPostgres, type PostgresOptions, type RunningPostgres } from './embedded-postgres';
export { getFreePort, getFreePorts } from './free-port';
export { resolveKafkaClasspath, startKafkaBroker, type KafkaBrokerOptions, type RunningKafkaBroker } from './kafka-broker';
export { createTempDir } from './temp-dir';
