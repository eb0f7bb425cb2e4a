/**
 * congestedLinks on a real worker's router with real peers: a browser's report of loss is its own
 * link's, and relieved, unless another peer's uplink was found congested lately while its own was not
 * (then the loss is that uplink's, forwarded, and nothing is held down); its own uplink found congested
 * too, it is relieved as before.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../signaling/src/media/workerBinary';
import { routerMediaCodecs } from '../../signaling/src/media/codecs';
import { createLogger } from '../../signaling/src/logger';
import { downlinkReported, FORWARDED_MS, uplinkFound } from '../../signaling/src/rooms/congestedLinks';
import { HOLD_MS } from '../../signaling/src/rooms/DownlinkRelief';
import { Peer, type PeerConnection } from '../../signaling/src/rooms/Peer';

const logger = createLogger('silent');

describe('whose link is congested', () => {
  let worker: types.Worker;
  let router: types.Router;
  const peers: Peer[] = [];
  const peer = (id: number, side: 'local' | 'home') => {
    const made = new Peer({ id, displayName: `clerk ${id}` } as Peer['staff'], side, {} as PeerConnection, router);
    peers.push(made);
    return made;
  };

  beforeAll(async () => {
    const mediasoup = await loadMediasoup();
    worker = await mediasoup.createWorker({ logLevel: 'error' });
    router = await worker.createRouter({ mediaCodecs: routerMediaCodecs });
  });

  afterAll(() => {
    for (const made of peers) made.close();
    worker?.close();
  });

  it("relieves a report of loss, but not one that is another hall's congested uplink forwarded", async () => {
    const local = peer(1, 'local');
    const home = peer(2, 'home');
    expect(await downlinkReported(local, [home], logger)).toEqual({ holdMs: HOLD_MS });
    await uplinkFound(home, logger);
    expect(await downlinkReported(local, [home], logger)).toEqual({ holdMs: 0, quietMs: FORWARDED_MS });
    // The home hall's own report is of its own link: relieved.
    expect(await downlinkReported(home, [local], logger)).toEqual({ holdMs: HOLD_MS });
  });

  it('relieves a hall whose own uplink is congested too, and forgets a sender’s uplink after a while', async () => {
    const local = peer(3, 'local');
    const home = peer(4, 'home');
    await uplinkFound(home, logger);
    await uplinkFound(local, logger);
    expect(await downlinkReported(local, [home], logger)).toEqual({ holdMs: HOLD_MS });

    const later = peer(5, 'local');
    const sender = peer(6, 'home');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await uplinkFound(sender, logger);
      vi.setSystemTime(Date.now() + FORWARDED_MS);
      expect(await downlinkReported(later, [sender], logger)).toEqual({ holdMs: HOLD_MS });
    } finally {
      vi.useRealTimers();
    }
  });
});
