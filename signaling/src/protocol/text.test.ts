import { describe, expect, it } from 'vitest';
import { signInRequest } from './auth';
import { captureReviewRequest } from './captures';
import { caseDecisionRequest } from './cases';
import { appealRequest, followUpStep } from './followUps';
import { identityVerdictRequest } from './identity';
import { ratingSubmission } from './ratings';
import { chatSendRequest, endSessionRequest, startSessionRequest } from './sessions';
import { cleanText } from './text';

/** NUL, a right-to-left override, a zero-width space, an isolate, a BOM, a C1 control. */
const SPOOF = '\u0000\u202E\u200B\u2066\uFEFF\u0085';

describe('free text', () => {
  it('removes controls, bidi overrides and isolates, zero-width and other invisible characters', () => {
    expect(cleanText(`陈${SPOOF}晓燕`, false)).toBe('陈晓燕');
    expect(cleanText('invoice\u202Egpj.exe', false)).toBe('invoicegpj.exe');
    expect(cleanText('a\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200C\u200D\u200E\u200F\u2060\u00ADb', false)).toBe('ab');
    expect(cleanText('第一行\r\n第二行\t完', true)).toBe('第一行\n第二行\t完');
    expect(cleanText('第一行\r\n第二行\t完', false)).toBe('第一行 第二行 完');
    expect(cleanText('\ud800x', false)).toBe('x');
  });

  it('is applied by every schema that takes free text, before the length checks', () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(startSessionRequest.shape.citizenName.parse(` 陈${SPOOF}先生 `)).toBe('陈先生');
    expect(startSessionRequest.shape.citizenName.safeParse(SPOOF).success).toBe(false);
    expect(signInRequest.parse({ username: `pinghu${SPOOF}.home`, password: 'x' }).username).toBe('pinghu.home');
    expect(chatSendRequest.parse({ sessionId: id, text: `你好${SPOOF}` }).text).toBe('你好');
    expect(chatSendRequest.safeParse({ sessionId: id, text: `\u200B${SPOOF}` }).success).toBe(false);
    expect(endSessionRequest.parse({ reason: `结束${SPOOF}` }).reason).toBe('结束');
    expect(captureReviewRequest.parse({ status: 'recapture_requested', reason: `模糊${SPOOF}` })).toMatchObject({ reason: '模糊' });
    expect(identityVerdictRequest.parse({ verdict: 'not_verified', reason: `不符${SPOOF}` })).toMatchObject({ reason: '不符' });
    expect(caseDecisionRequest.parse({ action: 'decline', reason: `材料不全${SPOOF}` })).toMatchObject({ reason: '材料不全' });
    expect(caseDecisionRequest.parse({ action: 'complete', result: `办结${SPOOF}` })).toMatchObject({ result: '办结' });
    expect(ratingSubmission.parse({ level: 5, comment: `很好${SPOOF}` })).toMatchObject({ comment: '很好' });
    expect(followUpStep.parse({ step: 'rectify', rectification: `整改${SPOOF}` })).toMatchObject({ rectification: '整改' });
    expect(appealRequest.parse({ reason: `申诉${SPOOF}` })).toMatchObject({ reason: '申诉' });
    // 40 visible characters pass the 40-character limit however many invisible ones came with them.
    expect(startSessionRequest.shape.citizenName.parse('名'.repeat(40) + '\u200B'.repeat(10))).toHaveLength(40);
  });
});
