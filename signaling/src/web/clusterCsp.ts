/**
 * With several nodes, a page may open the signaling WebSocket of the node holding its session's room
 * (cluster/RoomPlacement.ts): the pages' Content-Security-Policy (svelte.config.js, connect-src 'self')
 * then also names the other live nodes. With one node the policy is left exactly as it is.
 */
import type { ServerResponse } from 'node:http';

/** `policy` with `sources` added to its connect-src directive (left alone when it has none). */
export function withConnectSources(policy: string, sources: readonly string[]): string {
  if (sources.length === 0) return policy;
  return policy
    .split(';')
    .map((directive) => {
      const trimmed = directive.trim();
      if (!/^connect-src(\s|$)/i.test(trimmed)) return directive;
      const present = new Set(trimmed.split(/\s+/).slice(1));
      const added = sources.filter((source) => !present.has(source));
      return added.length === 0 ? directive : `${directive.replace(/\s+$/, '')} ${added.join(' ')}`;
    })
    .join(';');
}

/** Makes the page answer `res` widen its Content-Security-Policy's connect-src with `sources` as SvelteKit sets it. */
export function allowConnectingTo(res: ServerResponse, sources: readonly string[]): void {
  if (sources.length === 0) return;
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) =>
    setHeader(name, name.toLowerCase() === 'content-security-policy' && typeof value === 'string' ? withConnectSources(value, sources) : value);
}
