/**
 * PDFs with Chinese text made with pdf-lib, without a font file: the text is set in Adobe's standard
 * Chinese font STSong-Light (Adobe-GB1, encoding UniGB-UTF16-H), which every PDF reader provides or
 * substitutes (PDFium, pdf.js with its CMaps, Acrobat), plus a ToUnicode map so the text can be
 * searched, copied and extracted. pdf-lib can embed a font (a subset of Noto Sans CJK) only with
 * @pdf-lib/fontkit, which is not installed; this is the standard non-embedded alternative.
 *
 * The output is deterministic: the same content and date give the same bytes (no random ids, the
 * document's dates fixed to the given one), so a document's sha256 names its content.
 */
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  beginText,
  endText,
  moveText,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  showText,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';

const FONT_KEY = 'F1';
/** A4 in points, and the margins. */
export const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const;

/** Width of one character in em: the half-width ASCII glyphs of Adobe-GB1 (CIDs 1–95) are 0.5, the rest 1. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x20 && code <= 0x7e ? 0.5 : 1;
}

export function textWidth(text: string, size: number): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width * size;
}

/** Splits `text` into lines no wider than `maxWidth` points, breaking anywhere (Chinese has no spaces to wait for). */
export function wrapText(text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let width = 0;
    for (const char of paragraph) {
      const w = charWidth(char) * size;
      if (width + w > maxWidth && line !== '') {
        lines.push(line);
        line = '';
        width = 0;
      }
      line += char;
      width += w;
    }
    lines.push(line);
  }
  return lines;
}

/** The text as UTF-16BE code units in hex, characters outside the Basic Multilingual Plane left out. */
function utf16Hex(text: string): string {
  let hex = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xffff || (code >= 0xd800 && code <= 0xdfff) || code < 0x20) continue;
    hex += code.toString(16).padStart(4, '0');
  }
  return hex;
}

/** A ToUnicode CMap saying that each 2-byte code is the UTF-16 code unit it is (surrogates left out). */
function identityToUnicode(): string {
  const ranges: string[] = [];
  for (let high = 0; high <= 0xff; high++) {
    if (high >= 0xd8 && high <= 0xdf) continue;
    const h = high.toString(16).padStart(2, '0');
    ranges.push(`<${h}00> <${h}ff> <${h}00>`);
  }
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const part = ranges.slice(i, i + 100);
    blocks.push(`${part.length} beginbfrange\n${part.join('\n')}\nendbfrange`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function addChineseFont(doc: PDFDocument): PDFRef {
  const context = doc.context;
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: 'STSong-Light',
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    }),
  );
  const descendant = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 4 },
      FontDescriptor: descriptor,
      DW: 1000,
      W: [1, 95, 500],
    }),
  );
  const toUnicode = context.register(context.flateStream(identityToUnicode()));
  return context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'STSong-Light-UniGB-UTF16-H',
      Encoding: 'UniGB-UTF16-H',
      DescendantFonts: [descendant],
      ToUnicode: toUnicode,
    }),
  );
}

export interface TextStyle {
  size?: number;
  /** Grey level 0 (black) … 1 (white). */
  grey?: number;
  align?: 'left' | 'center';
  /** Space after the block, in points. */
  after?: number;
}

/** Writes text top to bottom over as many A4 pages as it needs. */
export class CjkPdfWriter {
  readonly #doc: PDFDocument;
  readonly #font: PDFRef;
  #page!: PDFPage;
  #y = 0;

  private constructor(doc: PDFDocument) {
    this.#doc = doc;
    this.#font = addChineseFont(doc);
    this.newPage();
  }

  /** A new document with `title` in its metadata and every date set to `at`. */
  static async create(title: string, at: Date): Promise<CjkPdfWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(title);
    doc.setCreator('跨省通办远程虚拟专窗');
    doc.setProducer('pdf-lib');
    doc.setCreationDate(at);
    doc.setModificationDate(at);
    doc.setLanguage('zh-CN');
    return new CjkPdfWriter(doc);
  }

  get contentWidth(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  newPage(): void {
    this.#page = this.#doc.addPage([PAGE.width, PAGE.height]);
    this.#page.node.setFontDictionary(PDFName.of(FONT_KEY), this.#font);
    this.#y = PAGE.height - PAGE.margin;
  }

  /** Room left on the page, in points. */
  get room(): number {
    return this.#y - PAGE.margin;
  }

  /** A paragraph, wrapped to the page's width; breaks to a new page where it must. */
  text(content: string, style: TextStyle = {}): void {
    const size = style.size ?? 14;
    const leading = size * 1.6;
    for (const line of wrapText(content, size, this.contentWidth)) {
      if (this.#y - leading < PAGE.margin) this.newPage();
      this.#y -= leading;
      const x = style.align === 'center' ? (PAGE.width - textWidth(line, size)) / 2 : PAGE.margin;
      const grey = style.grey ?? 0;
      this.#page.pushOperators(
        beginText(),
        setFillingRgbColor(grey, grey, grey),
        setFontAndSize(FONT_KEY, size),
        moveText(x, this.#y + size * 0.3),
        showText(PDFHexString.of(utf16Hex(line))),
        endText(),
      );
    }
    this.#y -= style.after ?? 0;
  }

  /** A horizontal rule across the page. */
  rule(after = 8): void {
    this.#y -= 4;
    this.#page.drawLine({ start: { x: PAGE.margin, y: this.#y }, end: { x: PAGE.width - PAGE.margin, y: this.#y }, thickness: 0.8, color: rgb(0.3, 0.3, 0.3) });
    this.#y -= after;
  }

  /** Empty space. */
  space(points: number): void {
    this.#y -= points;
  }

  async bytes(): Promise<Uint8Array> {
    return this.#doc.save({ useObjectStreams: false });
  }
}
