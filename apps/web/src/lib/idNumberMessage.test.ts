import { describe, expect, it } from 'vitest';
import { idCheckDigit } from '$shared/idNumber';
import { idNumberMessage } from './idNumberMessage';

const first17 = '33048219900307123';
const valid = first17 + idCheckDigit(first17);
const wrongDigit = first17 + (idCheckDigit(first17) === '0' ? '1' : '0');

describe('idNumberMessage', () => {
  it('is null for a valid number, whatever the case of a final X', () => {
    expect(idNumberMessage(valid)).toBeNull();
    expect(idNumberMessage('11010519491231002x')).toBeNull();
  });

  it('names the check digit the first 17 digits call for', () => {
    expect(idNumberMessage(wrongDigit)).toBe(
      `身份证号码校验位错误：第 18 位应为 ${idCheckDigit(first17)}，请核对号码。`,
    );
  });

  it('tells an empty field, a wrong length, an unknown region and an impossible birth date apart', () => {
    expect(idNumberMessage('  ')).toBe('请填写身份证号码。');
    expect(idNumberMessage('3304821990')).toContain('应为 18 位');
    expect(idNumberMessage(`${valid}7`)).toBe('身份证号码应为 18 位，现在是 19 位：请删去多余的字符后再发起。');
    expect(idNumberMessage('990482199003071234')).toContain('地区码');
    expect(idNumberMessage('330482199002301234')).toContain('出生日期');
  });

  it('refuses a birth date after today', () => {
    const today = new Date(Date.UTC(2020, 0, 1));
    expect(idNumberMessage(valid, today)).toBeNull();
    const future = '33048220250101123';
    expect(idNumberMessage(future + idCheckDigit(future), today)).toContain('出生日期');
  });
});
