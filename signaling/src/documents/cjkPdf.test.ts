import { describe, expect, it } from 'vitest';
import { CjkPdfWriter, textWidth, wrapText } from './cjkPdf';
import { pdfText } from '../../../tests/support/pdfText';

describe('PDFs with Chinese text', () => {
  it('wraps Chinese anywhere and counts ASCII as half width', () => {
    expect(textWidth('身份证 ab', 10)).toBe(45);
    expect(wrapText('一二三四五六', 10, 30)).toEqual(['一二三', '四五六']);
    expect(wrapText('甲\n乙', 10, 100)).toEqual(['甲', '乙']);
  });

  it('writes text a PDF reader gives back, and the same bytes for the same content and date', async () => {
    const make = async () => {
      const pdf = await CjkPdfWriter.create('告知书', new Date('2026-11-30T02:00:00Z'));
      pdf.text('补正材料一次性告知书', { size: 20, align: 'center' });
      pdf.text('《中华人民共和国行政许可法》第三十二条 ABC-123');
      return pdf.bytes();
    };
    const first = await make();
    expect(Buffer.from(await make()).equals(Buffer.from(first))).toBe(true);
    const text = await pdfText(first);
    expect(text).toContain('补正材料一次性告知书');
    expect(text).toContain('《中华人民共和国行政许可法》第三十二条 ABC-123');
  });
});
