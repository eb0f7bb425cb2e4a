import { describe, expect, it } from 'vitest';
import { idCheckDigit } from '$shared/idNumber';
import { parseStartForm, readStartForm } from './startSessionForm';

const first17 = '32082619850612341';
const idNumber = first17 + idCheckDigit(first17);

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.set(name, value);
  return data;
}

const good = {
  citizenName: ' 王芳 ',
  citizenIdNumber: idNumber.toLowerCase(),
  citizenPhone: '13912345678',
  homeJurisdictionCode: '330482',
  matterId: '3',
};

describe('parseStartForm', () => {
  it('reads a complete form, trimming the name and reading the matter as a number', () => {
    const result = parseStartForm(readStartForm(form(good)));
    expect(result).toEqual({
      ok: true,
      data: { citizenName: '王芳', citizenIdNumber: idNumber.toUpperCase(), citizenPhone: '13912345678', homeJurisdictionCode: '330482', matterId: 3 },
    });
  });

  it('names every missing field in plain words', () => {
    const result = parseStartForm(readStartForm(form({})));
    expect(result).toEqual({
      ok: false,
      fields: {
        citizenName: '请填写申请人姓名。',
        citizenIdNumber: '请填写身份证号码。',
        citizenPhone: '请填写 11 位手机号码或带区号的固定电话。',
        homeJurisdictionCode: '请选择属地。',
        matterId: '请选择事项。',
      },
    });
  });

  it('names the expected check digit of a mistyped ID number', () => {
    const wrong = first17 + (idCheckDigit(first17) === '5' ? '6' : '5');
    const result = parseStartForm(readStartForm(form({ ...good, citizenIdNumber: wrong })));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.fields)).toEqual(['citizenIdNumber']);
      expect(result.fields.citizenIdNumber).toContain(`第 18 位应为 ${idCheckDigit(first17)}`);
    }
  });

  it('refuses a pasted 19-character ID number as it is (the form without JavaScript)', () => {
    const result = parseStartForm(readStartForm(form({ ...good, citizenIdNumber: `${idNumber}7` })));
    expect(result).toEqual({ ok: false, fields: { citizenIdNumber: '身份证号码应为 18 位，现在是 19 位：请删去多余的字符后再发起。' } });
  });

  it('refuses a matter that is not a positive whole number and a name over 40 characters', () => {
    const result = parseStartForm(readStartForm(form({ ...good, matterId: 'abc', citizenName: '张'.repeat(41) })));
    expect(result).toEqual({
      ok: false,
      fields: { citizenName: '申请人姓名不能超过 40 个字。', matterId: '请选择事项。' },
    });
  });
});
