import { describe, expect, it } from 'vitest';
import { decisionFrom, idFrom, stepFrom } from './followUpForms';

const formOf = (entries: Record<string, string>): FormData => {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.set(name, value);
  return form;
};

describe('follow-up forms', () => {
  it('reads a return call, a rectification and a closure', () => {
    expect(stepFrom('return_call', formOf({ calledOn: '2026-11-23', outcome: ' 已致电 ' }))).toEqual({
      ok: true,
      value: { step: 'return_call', calledOn: '2026-11-23', outcome: '已致电' },
    });
    expect(stepFrom('rectify', formOf({ rectification: '培训' }))).toEqual({ ok: true, value: { step: 'rectify', rectification: '培训' } });
    expect(stepFrom('close', formOf({ outcome: 'ignored' }))).toEqual({ ok: true, value: { step: 'close' } });
  });

  it('says in plain Chinese which field is missing or too long', () => {
    expect(stepFrom('return_call', formOf({ calledOn: '', outcome: '' }))).toEqual({
      ok: false,
      fields: { calledOn: '请填写回访日期。', outcome: '请填写回访结果。' },
    });
    expect(stepFrom('rectify', formOf({ rectification: '长'.repeat(1001) }))).toEqual({ ok: false, fields: { rectification: '不能超过 1000 字。' } });
    expect(decisionFrom(formOf({ decision: 'maybe' }))).toEqual({ ok: false, fields: { decision: '请选择申诉成立或不成立。' } });
    expect(decisionFrom(formOf({ decision: 'upheld', note: '核实' }))).toEqual({ ok: true, value: { decision: 'upheld', note: '核实' } });
  });

  it('takes only positive whole ids', () => {
    expect(idFrom(formOf({ id: '12' }), 'id')).toBe(12);
    for (const bad of ['', '0', '-1', '1.5', 'x', '01']) expect(idFrom(formOf({ id: bad }), 'id')).toBeNull();
  });
});
