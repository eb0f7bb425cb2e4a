import { describe, expect, it } from 'vitest';
import { noticeItems } from './noticeItems';

describe('noticeItems', () => {
  it('lists the clerk’s items first, then the receipt gaps they did not name, each once', () => {
    const items = noticeItems(
      [
        { material: '户口簿', note: '复印件不清晰' },
        { material: '结婚证', note: '' },
      ],
      {
        missing: [
          { materialId: 1, material: '结婚证' },
          { materialId: 2, material: '居民身份证' },
        ],
        recapture: [{ captureId: 'c', material: '房产证', note: '反光' }],
      },
    );
    expect(items).toEqual([
      { material: '户口簿', reason: '复印件不清晰' },
      { material: '结婚证', reason: '不符合要求' },
      { material: '居民身份证', reason: '未提交' },
      { material: '房产证', reason: '需重新采集：反光' },
    ]);
  });

  it('lists only the gaps for a decline, and nothing when there were none', () => {
    expect(noticeItems([], { missing: [{ materialId: 1, material: '申请书' }], recapture: [] })).toEqual([{ material: '申请书', reason: '未提交' }]);
    expect(noticeItems([], null)).toEqual([]);
  });
});
