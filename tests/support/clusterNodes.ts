/**
 * Several nodes of the product on loopback sharing one PostgreSQL (issue 20), as a deployment runs
 * them: each node its own process (`signaling/src/main.ts`, see serverProcess.ts), port, mediasoup
 * workers, RTC and recorder ports; all of them one database and one data directory (captures and
 * recordings on shared storage). The PostgreSQL server is Debian's, started in a temporary directory
 * for the test (db/src/testing/postgresServer.ts) and stopped with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresServer, type PostgresServer } from '../../db/src/testing/postgresServer';
import { ServerProcess } from './serverProcess';

export interface ClusterOptions {
  /** How many nodes start at first. Default 2. */
  nodes?: number;
  /** Node n's mediasoup WebRtcServer ports begin at rtcPortBase + 10 n (one worker each). */
  rtcPortBase: number;
  /** Node n's recorder ports: recorderPortBase + 300 n … + 299. */
  recorderPortBase: number;
  /** Added to every node's environment. */
  env?: Record<string, string>;
}

export class ClusterNodes {
  readonly dataDir: string;
  readonly nodes: ServerProcess[] = [];
  readonly #postgres: PostgresServer;
  readonly #databaseUrl: string;
  readonly #options: ClusterOptions;

  private constructor(postgres: PostgresServer, databaseUrl: string, options: ClusterOptions) {
    this.#postgres = postgres;
    this.#databaseUrl = databaseUrl;
    this.#options = options;
    this.dataDir = mkdtempSync(join(tmpdir(), 'vwindow-cluster-'));
  }

  /** A PostgreSQL server with an empty database, then the nodes, started at the same time (they migrate and seed it). */
  static async start(options: ClusterOptions): Promise<ClusterNodes> {
    const postgres = await startPostgresServer();
    try {
      const admin = new pg.Client({ connectionString: postgres.urlFor('postgres') });
      await admin.connect();
      await admin.query('CREATE DATABASE vwindow');
      await admin.end();
      const cluster = new ClusterNodes(postgres, postgres.urlFor('vwindow'), options);
      await Promise.all(Array.from({ length: options.nodes ?? 2 }, () => cluster.addNode()));
      return cluster;
    } catch (error) {
      await postgres.stop();
      throw error;
    }
  }

  get databaseUrl(): string {
    return this.#databaseUrl;
  }

  /** Starts one more node (a node started later) and returns it. */
  async addNode(): Promise<ServerProcess> {
    const n = this.nodes.length;
    const recorderBase = this.#options.recorderPortBase + 300 * n;
    const node = new ServerProcess({
      VWINDOW_DATABASE_URL: this.#databaseUrl,
      VWINDOW_DATA_DIR: this.dataDir,
      VWINDOW_NODE_ID: `node-${String.fromCharCode(97 + n)}`,
      VWINDOW_WORKERS: '1',
      VWINDOW_RTC_PORT_BASE: String(this.#options.rtcPortBase + 10 * n),
      VWINDOW_RECORDER_PORTS: `${recorderBase}-${recorderBase + 299}`,
      ...this.#options.env,
    });
    this.nodes.push(node);
    await node.start();
    return node;
  }

  /** Stops every node that still runs, the PostgreSQL server, and removes the shared data directory. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop().catch(() => undefined)));
    await this.#postgres.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
