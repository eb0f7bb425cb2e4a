import { describe, expect, it } from 'vitest';
import { chineseVoice, speechChunks, spokenText } from './speech';

describe('spokenText', () => {
  it('joins lines into sentences, adding a pause after labels and headings', () => {
    expect(spokenText('请您为本次服务评价\n\n办理事项\n  户口   迁移 \n每次服务只能评价一次。\n')).toBe('请您为本次服务评价。办理事项。户口 迁移。每次服务只能评价一次。');
  });

  it('says nothing for a page without text', () => {
    expect(spokenText(' \n \n')).toBe('');
  });
});

describe('speechChunks', () => {
  it('keeps short sentences together up to the limit', () => {
    expect(speechChunks('一二三。四五六。七八九。', 8)).toEqual(['一二三。四五六。', '七八九。']);
  });

  it('cuts a sentence longer than the limit', () => {
    const chunks = speechChunks(`${'字'.repeat(25)}。`, 10);
    expect(chunks.join('')).toBe(`${'字'.repeat(25)}。`);
    expect(chunks.every((chunk) => chunk.length <= 10)).toBe(true);
  });

  it('returns nothing for empty text', () => {
    expect(speechChunks('')).toEqual([]);
  });
});

describe('chineseVoice', () => {
  it('prefers a local zh-CN voice, then any zh-CN one, then another Chinese one', () => {
    const en = { lang: 'en-US', localService: true };
    const tw = { lang: 'zh-TW', localService: true };
    const cnRemote = { lang: 'zh-CN', localService: false };
    const cnLocal = { lang: 'zh_CN', localService: true };
    expect(chineseVoice([en, tw, cnRemote, cnLocal])).toBe(cnLocal);
    expect(chineseVoice([en, tw, cnRemote])).toBe(cnRemote);
    expect(chineseVoice([en, tw])).toBe(tw);
    expect(chineseVoice([en])).toBeUndefined();
  });
});
