import type { IncomingMessage } from 'node:http';
import type { SignedInStaff } from '$shared/roles';
import type { WebContext } from '@vwindow/signaling/web/webContext';

declare global {
  /** True in a build for tests and the benchmark (VWINDOW_TEST_HOOKS=1, see vite.config.ts): the pages expose their test hooks. */
  const __VWINDOW_TEST_HOOKS__: boolean;

  namespace App {
    /** adapter-node's platform; the signaling server puts the request's WebContext on `req.vwindow`. */
    interface Platform {
      req: IncomingMessage & { vwindow?: WebContext };
    }
    interface Locals {
      staff: SignedInStaff | null;
      context: WebContext;
      /** The status of an error no load or action meant (hooks.server.ts handleError), when there was one. */
      failureStatus?: number;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
