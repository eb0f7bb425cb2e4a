/**
 * What N concurrent calls cost, the product against bare mediasoup with the same streams, alternating
 * round by round in one process:
 * - the product: N sessions, each a local and a home clerk in Chromium (standing by, 受理, in the call:
 *   camera in simulcast and microphone both ways), recorded (four recorders a call);
 * - bare: N rooms of two bare pages (bare/client.ts), each publishing the camera with the product's
 *   encodings and the microphone and receiving the other's, every producer also consumed the way the
 *   product's recorders consume it (bareServer.ts recordEveryProducer).
 * Over a window once every call is up: the mediasoup workers' CPU (getResourceUsage), the bytes every
 * WebRTC transport received from the browsers, the bytes the WebRTC transports (to the browsers) and
 * the PlainTransports (to the recorders) sent (delivered), and this Node process's CPU and RSS (the
 * server runs in it). On 2 cores the browsers' encoders saturate first and set what is delivered, so
 * the CPU figures are per delivered Mbit (ms of CPU per Mbit delivered), and the worker's also per Mbit
 * received and delivered; RSS is the growth per call, between before the calls and the window's end
 * (each after a full garbage collection).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { types } from 'mediasoup';
import { idCheckDigit } from '../../signaling/src/protocol';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import type { AppServices } from '../../signaling/src/http/context';
import { pageApi } from '../../tests/support/pageApi';
import type { BareMediasoup } from './bare/bareServer';
import { signedInContext } from './browser';
import { bareContext, openBarePage } from './callStart';
import { firstCameraFrame } from './sessionStartup';
import { recordingNoticePath } from '../../tests/support/recordingNotice';
import { watchStandby } from './standbyWatch';

// A full collection before each RSS reading, so that the growth is what the calls hold.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function settledRss(): number {
  collectGarbage();
  return process.memoryUsage().rss;
}

/** The clerks of the product's calls: session n is local clerk n's, taken by home clerk n (both of 330482's queue). */
const CLERKS = [
  { local: 'lianshui.local', home: 'pinghu.home' },
  { local: 'taizhou.local', home: 'pinghu.home2' },
] as const;
export const MAX_COST_SESSIONS = CLERKS.length;

/** What the workers sent: to the browsers (WebRTC transports) and to the recorders (PlainTransports). */
export interface SentBytes {
  browsers: number;
  recorders: number;
  /** Received from the browsers (WebRTC transports). */
  received: number;
}

/** Every WebRTC and plain transport of every mediasoup worker, by worker pid (watch before the workers start). */
export class TransportMeter {
  readonly #byWorker = new Map<number, Set<types.Transport>>();

  static async watch(): Promise<TransportMeter> {
    const meter = new TransportMeter();
    (await loadMediasoup()).observer.on('newworker', (worker) => {
      const transports = new Set<types.Transport>();
      meter.#byWorker.set(worker.pid, transports);
      worker.observer.on('newrouter', (router) =>
        router.observer.on('newtransport', (transport) => {
          if (transport.type !== 'webrtc' && transport.type !== 'plain') return;
          transports.add(transport);
          transport.observer.once('close', () => transports.delete(transport));
        }),
      );
    });
    return meter;
  }

  /** Bytes sent so far by the open transports of the workers `pids`. */
  async bytesSent(pids: number[]): Promise<SentBytes> {
    const transports = pids.flatMap((pid) => [...(this.#byWorker.get(pid) ?? [])]);
    const sent = await Promise.all(
      transports.map(async (transport) => {
        const stats = (await transport.getStats().catch(() => [])) as { bytesSent: number; bytesReceived: number }[];
        return {
          webrtc: transport.type === 'webrtc',
          bytes: stats.reduce((sum, s) => sum + s.bytesSent, 0),
          received: transport.type === 'webrtc' ? stats.reduce((sum, s) => sum + s.bytesReceived, 0) : 0,
        };
      }),
    );
    return {
      browsers: sent.reduce((sum, s) => sum + (s.webrtc ? s.bytes : 0), 0),
      recorders: sent.reduce((sum, s) => sum + (s.webrtc ? 0 : s.bytes), 0),
      received: sent.reduce((sum, s) => sum + s.received, 0),
    };
  }
}

/** The workers of one side: their pids and their CPU time so far (ms). */
interface MeasuredWorkers {
  pids: number[];
  cpuMs(): Promise<number>;
}

export interface CostWindow {
  /** Delivered to the browsers and the recorders, Mbit/s (all sessions): what the CPU figures divide by. */
  deliveredMbps: number;
  /** Of that, to the browsers. */
  browsersMbps: number;
  /** Of that, to the recorders. */
  recordersMbps: number;
  /** Received from the browsers, Mbit/s (every layer the cameras send, and the microphones). */
  receivedMbps: number;
  /** The workers' CPU per Mbit received and delivered: what it costs per Mbit that crosses it. */
  workerCpuMsPerMbitThrough: number;
  workerCpuMsPerMbit: number;
  nodeCpuMsPerMbit: number;
  nodeRssMbPerSession: number;
}

async function measureWindow(meter: TransportMeter, workers: MeasuredWorkers, sessions: number, rssBefore: number, seconds: number): Promise<CostWindow> {
  const [sent0, cpu0] = await Promise.all([meter.bytesSent(workers.pids), workers.cpuMs()]);
  const node0 = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const node = process.cpuUsage(node0);
  const [sent1, cpu1] = await Promise.all([meter.bytesSent(workers.pids), workers.cpuMs()]);
  const browsers = ((sent1.browsers - sent0.browsers) * 8) / 1e6;
  const recorders = ((sent1.recorders - sent0.recorders) * 8) / 1e6;
  const megabits = browsers + recorders;
  const received = ((sent1.received - sent0.received) * 8) / 1e6;
  if (browsers <= 0) throw new Error('nothing was delivered to the browsers during the window');
  if (recorders <= 0) throw new Error('nothing was delivered to the recorders during the window');
  return {
    deliveredMbps: megabits / seconds,
    browsersMbps: browsers / seconds,
    recordersMbps: recorders / seconds,
    receivedMbps: received / seconds,
    workerCpuMsPerMbitThrough: (cpu1 - cpu0) / (megabits + received),
    workerCpuMsPerMbit: (cpu1 - cpu0) / megabits,
    nodeCpuMsPerMbit: (node.user + node.system) / 1_000 / megabits,
    nodeRssMbPerSession: (settledRss() - rssBefore) / 1e6 / sessions,
  };
}

/** N product calls up (standing by, 受理, first frames both ways); returns the ending of them. */
async function openProductCalls(browser: Browser, baseURL: string, sessions: number): Promise<() => Promise<void>> {
  const contexts: BrowserContext[] = [];
  const ends: { page: Page; id: string }[] = [];
  const end = async () => {
    for (const { page, id } of ends) await pageApi(page, 'POST', `/api/sessions/${id}/end`).catch(() => undefined);
    for (const context of contexts) await context.close();
  };
  try {
    for (const clerks of CLERKS.slice(0, sessions)) {
      const localContext = await signedInContext(browser, baseURL, clerks.local);
      const homeContext = await signedInContext(browser, baseURL, clerks.home);
      contexts.push(localContext, homeContext);
      const [localPage, homePage] = [await localContext.newPage(), await homeContext.newPage()];
      const standby = watchStandby({ 'local clerk': localPage, 'home clerk': homePage });
      await localPage.goto('/local');
      const matters = await pageApi<{ matters: { id: number }[] }>(localPage, 'GET', '/api/catalog/matters?jurisdiction=330482');
      const first17 = `3304821985${String(ends.length + 1).padStart(2, '0')}01123`;
      const started = await pageApi<{ session: { id: string } }>(localPage, 'POST', '/api/sessions', {
        citizenName: '测试',
        citizenIdNumber: first17 + idCheckDigit(first17),
        citizenPhone: '13800138000',
        homeJurisdictionCode: '330482',
        matterId: matters.body.matters[0]!.id,
      });
      if (started.status !== 201) throw new Error(`starting a session failed: ${started.status}`);
      const told = await pageApi(localPage, 'POST', recordingNoticePath(started.body.session.id));
      if (told.status !== 201) throw new Error(`confirming the recording notice failed: ${told.status}`);
      await localPage.goto(`/local/sessions/${started.body.session.id}`);
      await homePage.goto('/home');
      await standby.untilReady();
      await homePage.locator(`tr[data-session-id="${started.body.session.id}"]`).getByRole('button', { name: '受理' }).click();
      await Promise.all([firstCameraFrame(localPage), firstCameraFrame(homePage)]);
      ends.push({ page: homePage, id: started.body.session.id });
    }
  } catch (error) {
    await end();
    throw error;
  }
  return end;
}

/** N bare calls up: two pages per room, each publishing and receiving the other; returns the ending of them. */
async function openBareCalls(browser: Browser, bare: BareMediasoup, sessions: number, round: number): Promise<() => Promise<void>> {
  // The product records its calls: bare's are tapped the same way (bareServer.ts).
  await bare.recordEveryProducer(true);
  const context = await bareContext(browser);
  const end = async () => {
    await context.close();
    await bare.recordEveryProducer(false);
  };
  try {
    for (let n = 0; n < sessions; n++) {
      const room = `cost-${round}-${n}`;
      const pages = [await openBarePage(context, bare, room, 'a'), await openBarePage(context, bare, room, 'b')];
      await Promise.all(pages.map((page) => page.evaluate(() => window.bare.publish())));
      await Promise.all(
        pages.map((page) =>
          page.evaluate(
            () =>
              new Promise<void>((resolve) => {
                window.addEventListener('bare:first-frame', () => resolve(), { once: true });
                void window.bare.join();
              }),
          ),
        ),
      );
    }
  } catch (error) {
    await end();
    throw error;
  }
  return end;
}

export interface CostComparison {
  sessions: number;
  seconds: number;
  product: CostWindow[];
  bare: CostWindow[];
  /** Windows that could not be measured (calls that did not come up), with why. */
  failed: string[];
}

/**
 * `rounds` windows of `seconds` each for the product and for bare, alternating; each window starts
 * `warmUpSeconds` after the calls are up (the cameras' upper layers and the bandwidth estimates settle).
 */
export async function compareSessionCost(
  options: { browser: Browser; baseURL: string; services: AppServices; bare: BareMediasoup; meter: TransportMeter },
  sessions: number,
  rounds: number,
  seconds: number,
  warmUpSeconds = 5,
): Promise<CostComparison> {
  if (sessions < 1 || sessions > MAX_COST_SESSIONS) throw new Error(`sessions: 1 to ${MAX_COST_SESSIONS}`);
  const { browser, baseURL, services, bare, meter } = options;
  const productWorkers: MeasuredWorkers = {
    pids: services.workers.status().flatMap((w) => (w.pid === null ? [] : [w.pid])),
    cpuMs: async () => {
      const usages = await Promise.all(services.workers.status().map((w) => services.workers.worker(w.index)?.resourceUsage() ?? Promise.resolve(null)));
      return usages.reduce((sum, u) => sum + (u ? u.ru_utime + u.ru_stime : 0), 0);
    },
  };
  const bareWorkers: MeasuredWorkers = {
    pids: [bare.worker.pid],
    cpuMs: async () => {
      const usage = await bare.worker.getResourceUsage();
      return usage.ru_utime + usage.ru_stime;
    },
  };
  const result: CostComparison = { sessions, seconds, product: [], bare: [], failed: [] };
  for (let round = 0; round < rounds; round++) {
    for (const side of ['product', 'bare'] as const) {
      const rssBefore = settledRss();
      try {
        const end = side === 'product' ? await openProductCalls(browser, baseURL, sessions) : await openBareCalls(browser, bare, sessions, round);
        try {
          await new Promise((resolve) => setTimeout(resolve, warmUpSeconds * 1_000));
          result[side].push(await measureWindow(meter, side === 'product' ? productWorkers : bareWorkers, sessions, rssBefore, seconds));
        } finally {
          await end();
        }
      } catch (error) {
        result.failed.push(`${side}, round ${round + 1}: ${(error as Error).message.split('\n')[0]}`);
        // The whole of it (what each page showed, its last warnings) for finding why.
        console.error(`session cost, ${side} round ${round + 1} not measured:`, error);
      }
    }
  }
  return result;
}
