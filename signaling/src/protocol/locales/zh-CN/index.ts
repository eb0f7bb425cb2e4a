/**
 * The messages browser and server share: error sentences, field messages of the shared schemas, the
 * names of domain values, and what the server writes itself. The pages' own strings live with the web
 * app (apps/web/src/lib/i18n).
 */
import { errors } from './errors';
import { names } from './names';
import { server } from './server';
import { validation } from './validation';

export const zhCN = { errors, validation, names, server };
export type Messages = typeof zhCN;
