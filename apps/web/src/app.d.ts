import type { IncomingMessage } from 'node:http';
import type { SignedInStaff } from '$shared/roles';
import type { WebContext } from '@vwindow/signaling/web/webContext';

declare global {
  namespace App {
    /** adapter-node's platform; the signaling server puts the request's WebContext on `req.vwindow`. */
    interface Platform {
      req: IncomingMessage & { vwindow?: WebContext };
    }
    interface Locals {
      staff: SignedInStaff | null;
      context: WebContext;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
