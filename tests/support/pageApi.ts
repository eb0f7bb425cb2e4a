/**
 * A request to the server's HTTP API made by a page itself (its cookie, its network, its TLS), not by
 * the test runner: in the network tests and benchmark rows only the hall hosts reach the server.
 * The page must be on the server's origin.
 */
import type { Page } from '@playwright/test';

export async function pageApi<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, data }) => {
      const response = await fetch(path, {
        method,
        headers: data === undefined ? {} : { 'content-type': 'application/json' },
        body: data === undefined ? undefined : JSON.stringify(data),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
    },
    { method, path, data },
  );
}
