import { createLogger, startTelemetry } from '@atalaia/telemetry';

export interface StoppableService {
  stop(): Promise<void>;
}

export interface RunServiceOptions {
  name: string;
  start(): Promise<StoppableService>;
}

/**
 * The life of a service process: telemetry first, then the service; on SIGINT
 * or SIGTERM a graceful stop (second signal or 15 s: hard exit); a failed
 * start exits non-zero so a supervisor sees it.
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const logger = createLogger(options.name);
  // Tracing follows the standard OTEL_* environment (see @atalaia/telemetry's telemetry-settings.ts).
  const telemetry = startTelemetry({ serviceName: `atalaia-${options.name}`, warn: (message) => logger.warn(message) });
  let service: StoppableService;
  try {
    service = await options.start();
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    await telemetry.shutdown().catch(() => undefined);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await service.stop();
      await telemetry.shutdown();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean stop');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
