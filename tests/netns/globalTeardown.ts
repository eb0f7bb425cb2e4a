/** After the run: namespaces a crashed test worker left behind are removed (its process is gone by now). */
import { removeStaleNamespaces, whyNoNamespaces } from './topology';

export default function globalTeardown(): void {
  if (whyNoNamespaces() !== null) return;
  const removed = removeStaleNamespaces();
  if (removed.length > 0) console.log(`removed network namespaces left by a crashed run: ${removed.join(', ')}`);
}
