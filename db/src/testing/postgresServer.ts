/**
 * A real PostgreSQL server for tests: Debian's PostgreSQL (the `postgresql` package, installed by
 * `scripts/setup.sh test`) in a fresh temporary directory, run as the `postgres` user when we are root
 * (initdb refuses root), listening on 127.0.0.1 on a free port with its unix socket inside the
 * directory. Nothing of the package's own cluster or service is used.
 *
 * Its life is tied to the process that started it: postgres runs under `setpriv --pdeathsig=INT`, so
 * when that process dies (even by SIGKILL) the kernel sends postgres SIGINT (fast shutdown). The
 * directory holds the starter's pid (owner.pid); the next start removes every directory whose starter
 * is gone.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './processAlive';

const DIR_PREFIX = 'vwindow-pg-';
const SERVER_USER = 'postgres';

export interface PostgresServer {
  /** The temporary directory (data directory, socket, owner.pid). */
  readonly dir: string;
  readonly port: number;
  /** URL of database `name` on this server, as the superuser `postgres` (trust on loopback). */
  urlFor(name: string): string;
  /** Fast shutdown, then the directory is removed. Safe to call twice. */
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (Debian installs it under /usr/lib/postgresql/<major>). */
export function postgresBinDir(): string {
  const fromEnv = process.env.VWINDOW_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/postgres): run `bash scripts/setup.sh test`, which installs Debian\'s postgresql.');
  }
  return join(root, majors[0]!, 'bin');
}

/** setpriv's arguments to run a command as the server's user when we are root, tied to our life. */
function runAsArgs(): string[] {
  const asUser = process.getuid?.() === 0 ? [`--reuid=${SERVER_USER}`, `--regid=${SERVER_USER}`, '--init-groups'] : [];
  return [...asUser, '--pdeathsig=INT', '--'];
}

/** Removes the directories (and any server still running in them) of starters that are gone. */
export function removeStaleServers(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      // No owner file: a start that failed before writing it, or not ours to judge; leave it.
      continue;
    }
    if (owner > 0 && processAlive(owner)) continue;
    try {
      const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (postmaster > 0 && processAlive(postmaster)) process.kill(postmaster, 'SIGQUIT');
    } catch {
      // No postmaster.pid: the server is not running.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts postgres and resolves once it accepts connections; rejects with its log when it exits first. */
function startPostmaster(bin: string, dir: string, port: number): Promise<ChildProcess> {
  const args = [
    ...runAsArgs(),
    join(bin, 'postgres'),
    '-D', join(dir, 'data'),
    '-k', dir,
    '-h', '127.0.0.1',
    '-p', String(port),
    // A throwaway server: durability off (a crash loses the directory anyway), room for the 50-connection tests.
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_connections=120',
    '-c', 'shared_buffers=32MB',
  ];
  const child = spawn('setpriv', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData);
        // Keep draining its log so postgres never blocks on a full pipe.
        child.stderr?.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`postgres exited (${code}) before accepting connections:\n${log}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  removeStaleServers();
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  try {
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync('id', [flag, SERVER_USER]).toString().trim());
      chownSync(dir, id('-u'), id('-g'));
    }
    execFileSync('setpriv', [...runAsArgs(), join(bin, 'initdb'), '-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C', '--no-instructions'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let child: ChildProcess | undefined;
    let port = 0;
    // The port is free when probed; another process may take it before postgres binds: try again.
    for (let attempt = 1; !child; attempt++) {
      port = await freePort();
      try {
        child = await startPostmaster(bin, dir, port);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const server = child;
    let stopped: Promise<void> | undefined;
    return {
      dir,
      port,
      urlFor: (name) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`,
      stop() {
        stopped ??= (async () => {
          if (server.exitCode === null && server.signalCode === null) {
            const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
            server.kill('SIGINT');
            const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
          }
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
