import { describe, expect, it } from 'vitest';
import { encodeCursor } from '$shared';
import { readDecision, readListQuery } from './cases';

function formOf(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

describe('readDecision', () => {
  it('reads the steps without fields', () => {
    expect(readDecision('accept', formOf([]))).toMatchObject({ ok: true, decision: { action: 'accept' } });
    expect(readDecision('start', formOf([['ignored', 'x']]))).toMatchObject({ ok: true, decision: { action: 'start' } });
  });

  it('asks for the reason, the result and a tracking number for mail, keeping what was typed', () => {
    expect(readDecision('decline', formOf([['reason', '  ']]))).toMatchObject({ ok: false, fields: { reason: '请填写不予受理的理由' }, values: { reason: '  ' } });
    expect(readDecision('complete', formOf([['result', '']]))).toMatchObject({ ok: false, fields: { result: '请填写办理结果' } });
    expect(readDecision('deliver', formOf([['method', 'mail'], ['trackingNumber', ' ']]))).toMatchObject({
      ok: false,
      fields: { trackingNumber: '邮寄送达请填写快递单号' },
      values: { method: 'mail' },
    });
    expect(readDecision('deliver', formOf([]))).toMatchObject({ ok: false, fields: { method: '请选择送达方式。' } });
    expect(readDecision('deliver', formOf([['method', 'mail'], ['trackingNumber', ' SF123 ']]))).toMatchObject({
      ok: true,
      decision: { action: 'deliver', method: 'mail', trackingNumber: 'SF123' },
    });
    expect(readDecision('deliver', formOf([['method', 'pickup'], ['trackingNumber', '']]))).toEqual(
      expect.objectContaining({ ok: true, decision: { action: 'deliver', method: 'pickup' } }),
    );
  });

  it('pairs materials with their notes and leaves out empty rows', () => {
    const read = readDecision(
      'supplement',
      formOf([
        ['material', '户口簿'],
        ['note', '户主页'],
        ['material', ''],
        ['note', ''],
        ['material', '结婚证'],
        ['note', ''],
      ]),
    );
    expect(read).toMatchObject({ ok: true, decision: { items: [{ material: '户口簿', note: '户主页' }, { material: '结婚证', note: '' }] } });
    expect(readDecision('supplement', formOf([['material', ''], ['note', '']]))).toMatchObject({ ok: false, fields: { items: '请列出需要补正的材料' } });
    expect(readDecision('supplement', formOf([['material', ''], ['note', '只有说明']]))).toMatchObject({ ok: false, fields: { items: '每一项都请填写材料名称。' } });
  });
});

describe('readListQuery', () => {
  it('treats empty fields as absent and anything invalid as no filter', () => {
    expect(readListQuery(new URL('http://x/cases?status=&matter=&due='))).toEqual({ query: { limit: 50 }, invalid: false });
    expect(readListQuery(new URL('http://x/cases?status=delivered&matter=3&due=soon'))).toEqual({
      query: { status: 'delivered', matter: 3, due: 'soon', limit: 50 },
      invalid: false,
    });
    expect(readListQuery(new URL('http://x/cases?status=lost'))).toEqual({ query: { limit: 50 }, invalid: true });
  });

  it('reads the page position with the filters; a cursor that does not read is invalid', () => {
    const cursor = encodeCursor(['2026-12-01', -7]);
    expect(readListQuery(new URL(`http://x/cases?status=accepted&after=${cursor}`))).toEqual({
      query: { status: 'accepted', after: ['2026-12-01', -7], limit: 50 },
      invalid: false,
    });
    expect(readListQuery(new URL('http://x/cases?after=bm90LWpzb24'))).toEqual({ query: { limit: 50 }, invalid: true });
    expect(readListQuery(new URL(`http://x/cases?after=${cursor}&before=${cursor}`))).toEqual({ query: { limit: 50 }, invalid: true });
  });
});
