/**
 * The case page's sentences that put a status name into a template ("办件当前为「已送达」…"): a
 * template written around one status reads wrong with another ("办件已已送达" once did).
 */
import { describe, expect, it } from 'vitest';
import { zhCN } from '$shared/locales/zh-CN';
import { t } from '$lib/i18n';

const statusNames = Object.values(zhCN.names.caseStatus);

describe('sentences naming a case status', () => {
  it('say "no further steps" of a delivered case without a doubled 已', () => {
    expect(t('cases.decisions.nothingLeft', { status: zhCN.names.caseStatus.delivered })).toBe('办件当前为「已送达」，无需继续办理。');
  });

  it('read right with every status name: no character written twice in a row', () => {
    expect(statusNames.length).toBeGreaterThan(5);
    for (const status of statusNames) {
      for (const key of ['cases.decisions.nothingLeft', 'cases.decisions.intro'] as const) {
        expect(t(key, { status }), `${key} with ${status}`).not.toMatch(/([\u4e00-\u9fff])\1/u);
      }
    }
  });
});
