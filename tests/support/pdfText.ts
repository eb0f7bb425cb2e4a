/**
 * The text of a PDF as a reader extracts it: pdf.js (pdfjs-dist's Node build) with Adobe's CMaps, no eval.
 * Lines are joined with newlines (pdf.js marks line ends with hasEOL). Chromium's printed PDFs map some
 * glyphs of the CJK font to Kangxi radicals (⼀ U+2F00, ⺠ U+2EA0) in their ToUnicode tables: the text is
 * given back NFKC-normalised, with the radicals-supplement forms that have no compatibility mapping
 * replaced by their ideographs.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cMapUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps')}/`;

/** CJK Radicals Supplement forms Chromium's PDFs use for common simplified characters. */
const radicals: Record<string, string> = {
  '⺠': '民', '⻬': '齐', '⻓': '长', '⻔': '门', '⻅': '见', '⻋': '车', '⻄': '西', '⻢': '马', '⻛': '风', '⻚': '页', '⻝': '食',
  '⻉': '贝', '⻩': '黄', '⻆': '角', '⻜': '飞', '⻰': '龙', '⻥': '鱼', '⻦': '鸟', '⺟': '母', '⻓​': '长', '⻤': '鬼', '⻨': '麦', '⻘': '青',
  '⻣': '骨', '⻮': '齿', '⻙': '韦', '⻞': '页', '⻠': '饣', '⻧': '卤', '⺁': '厂', '⺇': '几', '⺊': '卜', '⺌': '小', '⺍': '小',
  '⺏': '尢', '⺒': '巳', '⺓': '幺', '⺛': '旡', '⺝': '月', '⺡': '氵', '⺢': '氺', '⺣': '灬', '⺤': '爫', '⺦': '丬', '⺩': '王', '⺫': '罒',
  '⺮': '竹', '⺳': '网', '⺶': '羊', '⺻': '聿', '⺼': '肉', '⻊': '足', '⻌': '辶', '⻍': '辶',
};
const readable = (text: string) => text.normalize('NFKC').replace(/[\u2e80-\u2eff]/g, (c) => radicals[c] ?? c);

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), cMapUrl, cMapPacked: true, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return readable(pages.join('\n'));
}
