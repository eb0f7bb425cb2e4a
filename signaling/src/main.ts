/** `npm start`: reads the configuration, starts the server, stops cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';
import { StartupError } from './startupError';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let server;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`virtual window cannot start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  logger.info({ url: server.url, dataDir: config.dataDir }, `virtual window ready at ${server.url}`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`virtual window failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
