/**
 * Drives the SvelteKit pages of a running server the way a browser does: GET a page (HTML), and post
 * a form action as `<form use:enhance>` posts it (form-encoded body, `?/name`, `x-sveltekit-action`,
 * a same-origin Origin), which SvelteKit answers with its ActionResult as JSON. The real built app
 * answers, behind the real server, so its hooks, guards and services all run.
 */
import type { RunningServer } from '../../signaling/src/server';
import { fromProductPage } from './productPage';

export interface ActionResult {
  type: 'success' | 'failure' | 'redirect' | 'error';
  status: number;
  location?: string;
  /** The action's data, still in SvelteKit's serialized form (devalue); tests assert on side effects. */
  data?: string;
  error?: { message: string; code?: string };
}

/** Posts the form action `action` of the page at `path`, with `fields` as the form's fields. */
export async function postAction(
  server: RunningServer,
  cookie: string,
  path: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<ActionResult> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  const response = await fetch(`${server.url}${path}?/${action}`, {
    method: 'POST',
    headers: {
      ...fromProductPage(server.url, cookie),
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'x-sveltekit-action': 'true',
    },
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  try {
    // An error result carries no status of its own: it is the response's.
    return { status: response.status, ...(JSON.parse(text) as Partial<ActionResult>) } as ActionResult;
  } catch {
    throw new Error(`${path}?/${action} answered ${response.status} with something that is not an ActionResult: ${text.slice(0, 300)}`);
  }
}

/** GETs a page; `status` and the HTML (redirects are not followed). */
export async function getPage(server: RunningServer, cookie: string, path: string): Promise<{ status: number; html: string; location: string | null }> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}
