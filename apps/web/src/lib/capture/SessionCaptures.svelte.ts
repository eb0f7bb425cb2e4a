/**
 * The captures of one session and its matter's checklist, kept live: loaded once, then
 * 'capture.new' / 'capture.updated' pushed over the tab's signaling connection, and a fresh load
 * after every reconnect so that nothing pushed while it was down is missed. Browser only.
 */
import type { CaptureView } from '$shared';
import { t } from '$lib/i18n';
import { signaling } from '$lib/signaling/connection';
import { listCaptures, matterMaterials, messageOf, type CatalogMaterial } from './captureApi';
import { upsertCapture } from './captureGroups';

export class SessionCaptures {
  captures = $state<CaptureView[]>([]);
  materials = $state<CatalogMaterial[]>([]);
  loaded = $state(false);
  problem = $state<string | null>(null);
  readonly #sessionId: string;

  constructor(sessionId: string) {
    this.#sessionId = sessionId;
  }

  /** Loads and follows; returns the stop function (for `$effect`). */
  follow(jurisdictionCode: string, matterId: number): () => void {
    const client = signaling();
    const take = ({ capture }: { capture: CaptureView }) => {
      if (capture.sessionId === this.#sessionId) this.put(capture);
    };
    const offNew = client.on('capture.new', take);
    const offUpdated = client.on('capture.updated', take);
    const offReconnect = client.onReconnected(() => void this.reload());
    void this.reload();
    void matterMaterials(jurisdictionCode, matterId)
      .then((materials) => (this.materials = materials))
      .catch((cause: unknown) => (this.problem = t('capture.loadFailed', { detail: messageOf(cause) })));
    return () => {
      offNew();
      offUpdated();
      offReconnect();
    };
  }

  async reload(): Promise<void> {
    try {
      const fresh = await listCaptures(this.#sessionId);
      // Keep anything pushed while the list was on its way.
      let merged = fresh;
      for (const capture of this.captures) if (!fresh.some((c) => c.id === capture.id)) merged = upsertCapture(merged, capture);
      this.captures = merged;
      this.problem = null;
    } catch (cause) {
      this.problem = t('capture.loadFailed', { detail: messageOf(cause) });
    } finally {
      this.loaded = true;
    }
  }

  put(capture: CaptureView): void {
    this.captures = upsertCapture(this.captures, capture);
  }

  byId(id: string | null): CaptureView | undefined {
    return id === null ? undefined : this.captures.find((c) => c.id === id);
  }
}
