/** Reads a JSON request body and validates it with a shared schema, before anything else happens. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, parseOrThrow } from '../errors';

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('BAD_JSON');
  }
  return parseOrThrow(schema, body);
}
