/** Structured logging (pino). ID numbers never reach the log in full: see redact paths. */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service: 'virtual-window' },
    redact: {
      paths: ['*.citizenIdNumber', '*.idNumber', '*.password', 'password', '*.token', 'headers.cookie'],
      censor: '[masked]',
    },
  });
}
