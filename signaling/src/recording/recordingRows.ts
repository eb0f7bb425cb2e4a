/**
 * The segment and gap rows the recorders' events write, one batch at a time per server: every row
 * waiting when a batch begins goes in with it, in one transaction that locks the audit chain once
 * (`insertRecordingEntries`). A server whose database answers slowly writes bigger batches rather than
 * more of them at once, so the recorders never hold more than one pooled connection and never queue
 * on the chain lock ahead of the requests of the clerks.
 *
 * A batch the database refuses (a constraint, isRefusedStatement) is written again row by row, so one
 * bad row takes no other with it. A batch that fails otherwise (the database restarting, its connection
 * lost) is tried again after 0.5, 1, 2, 4, 8, 15, 15 … s, for about two minutes; then, or at once after
 * close(), its rows are given up: their files stay on disk and the next start-up registers them as a
 * killed server's leftovers (./leftoverSegments.ts).
 */
import { insertRecordingEntries, isRefusedStatement, type Db, type RecordingEntry, type RecordingRow } from '@vwindow/db';
import type { Logger } from '../logger';

/** Rows per transaction at most: a backlog after a long stall goes in a few transactions, not one huge one. */
const MAX_BATCH = 100;

/** Waits before each further try of a batch that failed for a passing reason (about two minutes in all). */
export const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000, 15_000, 15_000, 15_000];

interface Waiting {
  entry: RecordingEntry;
  resolve(row: RecordingRow): void;
  reject(error: unknown): void;
}

export interface RecordingRowWriterOptions {
  logger: Logger;
  /** Waits before each further try (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

export class RecordingRowWriter {
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #retryDelaysMs: readonly number[];
  #waiting: Waiting[] = [];
  #writing = false;
  #batches = 0;
  #closed = false;
  /** Ends the wait before the next try at once (close). */
  #wake: (() => void) | null = null;

  constructor(db: Db, options: RecordingRowWriterOptions) {
    this.#db = db;
    this.#logger = options.logger;
    this.#retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  /** Transactions tried so far (each one a batch of one or more rows). */
  get batches(): number {
    return this.#batches;
  }

  /** Resolves with the row once it is written with its audit row; rejects when it is refused or given up. */
  write(entry: RecordingEntry): Promise<RecordingRow> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ entry, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  /** No more waiting to try again: a write that fails from now on fails at once (the server is stopping). */
  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) await this.#writeBatch(this.#waiting.splice(0, MAX_BATCH));
    } finally {
      this.#writing = false;
    }
  }

  async #writeBatch(batch: Waiting[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.#batches += 1;
      try {
        const rows = await insertRecordingEntries(this.#db, batch.map((waiting) => waiting.entry));
        batch.forEach((waiting, index) => waiting.resolve(rows[index]!));
        return;
      } catch (error) {
        if (isRefusedStatement(error)) {
          if (batch.length === 1) batch[0]!.reject(error);
          else for (const waiting of batch) await this.#writeBatch([waiting]);
          return;
        }
        const delay = this.#retryDelaysMs[attempt];
        if (delay === undefined || this.#closed) {
          batch.forEach((waiting) => waiting.reject(error));
          return;
        }
        this.#logger.warn({ err: error, rows: batch.length, retryInMs: delay }, 'could not write recording rows; trying again');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
    }
  }
}
