/** openPostgres's refusal when it cannot connect: the URL named, its password never. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl, openPostgres } from './postgres';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('openPostgres', () => {
  it('names the URL, password masked, when it cannot connect', async () => {
    const port = await closedPort();
    const opening = openPostgres({ url: `postgres://vwindow:s3cret-pw@127.0.0.1:${port}/vwindow` });
    await expect(opening).rejects.toThrow(`Cannot connect to PostgreSQL at postgres://vwindow:***@127.0.0.1:${port}/vwindow: `);
    await expect(opening).rejects.not.toThrow(/s3cret-pw/);
  });

  it('masks only the password of a URL and shows no unparsable one', () => {
    expect(maskDatabaseUrl('postgres://u:p%40ss@db.example:5432/x?sslmode=require')).toBe('postgres://u:***@db.example:5432/x?sslmode=require');
    expect(maskDatabaseUrl('postgres://u@db/x')).toBe('postgres://u@db/x');
    expect(maskDatabaseUrl('not a url with password hunter2')).toBe('(unparsable database URL)');
  });
});
