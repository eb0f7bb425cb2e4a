/** The log keeps personal data out: a failed statement's values are masked, down the error's causes. */
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  write(createLogger('info', destination));
  return lines.join('');
}

describe('the log of a failed statement', () => {
  const idNumber = '33048219900101123X';
  const phone = '13800138000';

  it('keeps the statement and the error, not the values it was given', () => {
    const driver = Object.assign(new pg.DatabaseError('duplicate key value violates unique constraint "x"', 0, 'error'), {
      code: '23505',
      detail: `Key (citizen_id_number)=(${idNumber}) already exists.`,
    });
    const failed = new DrizzleQueryError('insert into "sessions" ("citizen_id_number", "citizen_phone", "note") values ($1, $2, $3)', [idNumber, phone, '第一行\n第二行 张三'], driver);
    const line = logged((logger) => logger.error({ err: failed }, 'request failed'));
    expect(line).toContain('insert into \\"sessions\\"');
    expect(line).toContain('params: [masked]');
    expect(line).toContain('duplicate key value violates unique constraint');
    expect(line).toContain('23505');
    for (const value of [idNumber, phone, '第二行', '张三']) expect(line).not.toContain(value);
  });

  it('leaves out the database client a connection error carries', () => {
    const ended = Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 0, 'error'), {
      code: '57P01',
      client: { connectionParameters: { user: 'vwindow', database: 'vwindow' }, _queryQueue: [] },
    });
    const line = logged((logger) => logger.error({ err: ended }, 'an idle connection failed'));
    expect(line).toContain('57P01');
    expect(line).not.toContain('connectionParameters');
  });

  it('leaves other errors as they are', () => {
    const line = logged((logger) => logger.error({ err: new TypeError('params: not a statement') }, 'failed'));
    expect(line).toContain('params: not a statement');
  });
});
