/**
 * The segment and gap rows the recorders' events write, one batch at a time per server: every row
 * waiting when a batch begins goes in with it, in one transaction that locks the audit chain once
 * (`insertRecordingEntries`). A server whose database answers slowly writes bigger batches rather than
 * more of them at once, so the recorders never hold more than one pooled connection and never queue
 * on the chain lock ahead of the requests of the clerks. A batch the database refuses is written again
 * row by row, so one bad row takes no other with it.
 */
import { insertRecordingEntries, type Db, type RecordingEntry, type RecordingRow } from '@vwindow/db';

/** Rows per transaction at most: a backlog after a long stall goes in a few transactions, not one huge one. */
const MAX_BATCH = 100;

interface Waiting {
  entry: RecordingEntry;
  resolve(row: RecordingRow): void;
  reject(error: unknown): void;
}

export class RecordingRowWriter {
  readonly #db: Db;
  #waiting: Waiting[] = [];
  #writing = false;
  #batches = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Transactions written so far (each one a batch of one or more rows). */
  get batches(): number {
    return this.#batches;
  }

  /** Resolves with the row once it is written with its audit row; rejects when the database refuses it. */
  write(entry: RecordingEntry): Promise<RecordingRow> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ entry, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
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
    this.#batches += 1;
    try {
      const rows = await insertRecordingEntries(this.#db, batch.map((waiting) => waiting.entry));
      batch.forEach((waiting, index) => waiting.resolve(rows[index]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const waiting of batch) await this.#writeBatch([waiting]);
    }
  }
}
