/**
 * Captured documents on disk, named by their sha256 under <dataDir>/captures/ab/<sha256>.
 * An upload streams into a temporary file while it is hashed and measured; only a complete file whose
 * bytes match its declared type is moved into place (one rename). Anything refused leaves nothing;
 * what an upload cut off by a crash or SIGTERM left in tmp/ is swept when the store opens (at start-up).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, type ReadStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../errors';
import { hasCompleteTrailer, sniffType, type CaptureMimeType } from './fileTypes';
import { checkImage, type ImageSize } from './imageCheck';
import { t } from '../protocol';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  mimeType: CaptureMimeType;
  width: number | null;
  height: number | null;
}

const HEAD_BYTES = 256 * 1024;
const TAIL_BYTES = 2048;

export class CaptureStore {
  readonly #dir: string;
  readonly #tmpDir: string;
  readonly #maxBytes: number;

  constructor(options: { dir: string; maxBytes: number }) {
    this.#dir = options.dir;
    this.#tmpDir = join(options.dir, 'tmp');
    this.#maxBytes = options.maxBytes;
    mkdirSync(this.#tmpDir, { recursive: true });
    this.#sweepTemporary();
  }

  /** Removes the *.part files of uploads that never finished (only one server uses a data directory). */
  #sweepTemporary(): void {
    for (const name of readdirSync(this.#tmpDir)) {
      if (name.endsWith('.part')) rmSync(join(this.#tmpDir, name), { force: true });
    }
  }

  get maxBytes(): number {
    return this.#maxBytes;
  }

  /**
   * Reads `body` to the end and keeps it if it is whole and what it claims to be.
   * `expectedLength` is the request's Content-Length, when it sent one.
   */
  async save(body: Readable, declared: CaptureMimeType, expectedLength: number | null): Promise<StoredFile> {
    if (expectedLength !== null && expectedLength > this.#maxBytes) throw this.#tooLarge();
    const tmp = join(this.#tmpDir, `${randomUUID()}.part`);
    const out = createWriteStream(tmp, { flags: 'wx' });
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headLength = 0;
    let tail = Buffer.alloc(0);
    let size = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          body.removeAllListeners('data');
          body.resume();
          reject(error);
        };
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.#maxBytes) return fail(this.#tooLarge());
          hash.update(chunk);
          if (headLength < HEAD_BYTES) {
            headParts.push(chunk);
            headLength += chunk.length;
          }
          tail = Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
          if (!out.write(chunk)) {
            body.pause();
            out.once('drain', () => body.resume());
          }
        });
        body.once('end', () => {
          if (settled) return;
          settled = true;
          resolve();
        });
        body.once('aborted', () => fail(new AppError('UPLOAD_TRUNCATED')));
        body.once('close', () => fail(new AppError('UPLOAD_TRUNCATED')));
        body.once('error', () => fail(new AppError('UPLOAD_TRUNCATED')));
        out.once('error', fail);
      });
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (expectedLength !== null && size !== expectedLength) throw new AppError('UPLOAD_TRUNCATED');
      if (size === 0) throw new AppError('UPLOAD_TRUNCATED');
      const head = Buffer.concat(headParts).subarray(0, HEAD_BYTES);
      const actual = sniffType(head);
      if (actual !== declared) throw new AppError('CAPTURE_TYPE_MISMATCH');
      if (!hasCompleteTrailer(declared, tail)) throw new AppError('UPLOAD_TRUNCATED');
      const image: ImageSize | null = declared === 'application/pdf' ? null : await checkImage(declared, await readFile(tmp));
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      mkdirSync(join(this.#dir, sha256.slice(0, 2)), { recursive: true });
      if (existsSync(target)) await rm(tmp, { force: true });
      else await rename(tmp, target);
      return { sha256, sizeBytes: size, mimeType: declared, width: image?.width ?? null, height: image?.height ?? null };
    } catch (error) {
      out.destroy();
      await rm(tmp, { force: true });
      throw error;
    }
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('CAPTURE_NOT_FOUND');
    return join(this.#dir, sha256.slice(0, 2), sha256);
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  #tooLarge(): AppError {
    return new AppError('PAYLOAD_TOO_LARGE', {}, undefined, t('server.detail.fileTooLarge', { mb: Math.round(this.#maxBytes / 1024 / 1024) }));
  }
}
