/**
 * Recorder processes started ahead of need, so that recording can begin at the accept without
 * slowing the call down. Node's spawn blocks its thread until the child has exec'd (the fork of a
 * large process: 10–60 ms each here, 50–200 ms on a loaded machine); four of them at the accept held
 * up both clerks' `consumer.resume`. So the pool keeps a few idle processes, spawned while nothing
 * waits on this thread (at start-up, and a while after each one is taken): each is a shell waiting on
 * its stdin for one line, the output file pattern, after which it becomes FFmpeg (`exec`, same process
 * id, same pipes; the exec happens in the child, not in this thread) and reads the SDP that follows
 * on the same stdin. An idle one costs a blocked `sh` (well under a megabyte).
 *
 * FFmpeg itself takes a while to start (its ~200 shared libraries: 0.3–0.7 s on a loaded machine,
 * ~80 ms of CPU), so a recorder expected soon — the four tracks of a waiting session — is started in
 * full beforehand: `reserve(pattern)` spawns FFmpeg writing to that pattern, loaded and blocked on its
 * SDP; `take(pattern)` hands it over when one was reserved, else a shell.
 *
 * No leaks: closing the pool ends the idle processes' stdin, and so does this process dying (the
 * pipe closes): an idle shell that reads end-of-file exits without becoming FFmpeg, a reserved FFmpeg
 * exits on an empty SDP, neither having opened a file. A process taken is the taker's, as a freshly
 * spawned FFmpeg would be. An empty pool spawns on the spot, as before.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export type RecorderProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Waits for the pattern line, then becomes `$0 "$@" "$pattern"` (FFmpeg and its arguments, the pattern last). */
const WAIT_THEN_EXEC = 'IFS= read -r pattern || exit 0; exec "$0" "$@" "$pattern"';

export interface RecorderPoolOptions {
  /** FFmpeg's arguments up to the output file pattern (./ffmpegRecorder.ts's recorderArgs). */
  args: string[];
  /** Default 'ffmpeg'. */
  ffmpegPath?: string;
  /** How many idle processes are kept. Default 6: one session's tracks (two cameras, two microphones, the document camera) and one more. */
  size?: number;
  /** How long after the last process was taken the pool fills up again (spawns block this thread: not during a call's start). Default 3000 ms. */
  refillDelayMs?: number;
}

export class RecorderPool {
  readonly #options: RecorderPoolOptions;
  readonly #idle: RecorderProcess[] = [];
  /** FFmpeg processes started for an expected output pattern, waiting for their SDP. */
  readonly #reserved = new Map<string, RecorderProcess>();
  #refillTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RecorderPoolOptions) {
    this.#options = options;
    this.#scheduleRefill(0);
  }

  /** How many idle processes wait now (tests). */
  get idle(): number {
    return this.#idle.length;
  }

  /** Process ids of the idle and reserved processes (tests: none may outlive the pool). */
  get idlePids(): number[] {
    return [...this.#idle, ...this.#reserved.values()].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Patterns with a reserved process waiting (tests). */
  get reserved(): string[] {
    return [...this.#reserved.keys()];
  }

  /** Starts FFmpeg for `pattern` now (it waits for its SDP), unless one is reserved for it already. */
  reserve(pattern: string): void {
    if (this.#closed || this.#reserved.has(pattern)) return;
    const child = spawn(this.#options.ffmpegPath ?? 'ffmpeg', [...this.#options.args, pattern], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.on('error', () => undefined);
    this.#reserved.set(pattern, child);
    child.once('exit', () => {
      if (this.#reserved.get(pattern) === child) this.#reserved.delete(pattern);
    });
  }

  /** Ends the reserved processes whose pattern starts with `prefix` (a session's folder) and were not taken. */
  release(prefix: string): void {
    for (const [pattern, child] of this.#reserved) {
      if (!pattern.startsWith(prefix)) continue;
      this.#reserved.delete(pattern);
      child.stdin.end();
    }
  }

  /**
   * A recorder process that is (or becomes) FFmpeg writing to `pattern` and reads its SDP from what is
   * written to its stdin next: the one reserved for `pattern`, an idle one, else one spawned now.
   */
  take(pattern: string): RecorderProcess {
    const reserved = this.#reserved.get(pattern);
    this.#reserved.delete(pattern);
    if (reserved && alive(reserved)) return reserved;
    let child: RecorderProcess | undefined;
    while ((child = this.#idle.shift()) && !alive(child));
    this.#scheduleRefill(this.#options.refillDelayMs ?? 3000);
    child ??= this.#spawn();
    child.stdin.write(`${pattern.replace(/\n/g, '')}\n`);
    return child;
  }

  #spawn(): RecorderProcess {
    const child = spawn('sh', ['-c', WAIT_THEN_EXEC, this.#options.ffmpegPath ?? 'ffmpeg', ...this.#options.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.on('error', () => undefined);
    return child;
  }

  #scheduleRefill(delayMs: number): void {
    if (this.#closed) return;
    clearTimeout(this.#refillTimer);
    this.#refillTimer = setTimeout(() => this.#refillOne(), delayMs);
    this.#refillTimer.unref();
  }

  /** One spawn per turn of the event loop, so that a refill never holds the thread for long. */
  #refillOne(): void {
    this.#refillTimer = undefined;
    if (this.#closed) return;
    for (let i = this.#idle.length - 1; i >= 0; i--) if (!alive(this.#idle[i]!)) this.#idle.splice(i, 1);
    if (this.#idle.length >= (this.#options.size ?? 6)) return;
    const child = this.#spawn();
    child.once('exit', () => {
      const at = this.#idle.indexOf(child);
      if (at >= 0) this.#idle.splice(at, 1);
    });
    this.#idle.push(child);
    this.#scheduleRefill(20);
  }

  /** Ends the idle processes (each reads end-of-file and exits). Safe to call twice. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#refillTimer);
    for (const child of this.#idle.splice(0)) child.stdin.end();
    this.release('');
  }
}

function alive(child: RecorderProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}
