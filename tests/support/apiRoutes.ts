/** The HTTP API routes as the Hono app registers them: the one list the matrix and the fuzz tests walk. */
import { createApp } from '../../signaling/src/http/app';

/** `METHOD /path/:param`, sorted, middleware-only entries left out. Building the app touches no service. */
export function registeredRoutes(): string[] {
  const app = createApp({} as never);
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}
