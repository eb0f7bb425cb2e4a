/**
 * Work started where nothing waits for it — an event listener, a timer, a sweep — now that the
 * services are asynchronous: a failure is logged with what was being done, never left as an
 * unhandled rejection.
 */
import type { Logger } from './logger';

export function inBackground(logger: Logger, what: string, task: () => Promise<unknown>, context: Record<string, unknown> = {}): void {
  let running: Promise<unknown>;
  try {
    running = task();
  } catch (error) {
    logger.error({ ...context, err: error }, what);
    return;
  }
  running.catch((error: unknown) => logger.error({ ...context, err: error }, what));
}
