/**
 * What the 读屏 button says: the page's visible text as sentences, in pieces short enough for every
 * speech engine (some stop an utterance after about 15 seconds), spoken by a Chinese voice when the
 * browser has one.
 */

/** Longest piece handed to one utterance, in characters. */
export const CHUNK_MAX = 120;

const SENTENCE_END = /[。！？；!?;：:]$/;

/**
 * The text of the page as it is read: one line of `innerText` per block, blank lines dropped, spaces
 * collapsed; a line without closing punctuation (a label, a heading, a button) ends with 。 so the
 * voice pauses between them instead of running a label into its value.
 */
export function spokenText(innerText: string): string {
  return innerText
    .split(/\n+/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .map((line) => (SENTENCE_END.test(line) ? line : `${line}。`))
    .join('');
}

/** Splits text at sentence ends into pieces of at most `max` characters (a longer sentence is cut). */
export function speechChunks(text: string, max = CHUNK_MAX): string[] {
  const sentences = text.match(/[^。！？；!?;]+[。！？；!?;]*/g) ?? [];
  const chunks: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    for (let start = 0; start < sentence.length; start += max) {
      const piece = sentence.slice(start, start + max);
      if (current.length + piece.length > max && current !== '') {
        chunks.push(current);
        current = '';
      }
      current += piece;
    }
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks.map((chunk) => chunk.trim()).filter((chunk) => chunk !== '');
}

interface VoiceLike {
  lang: string;
  localService?: boolean;
}

/** A zh-CN voice (a local one first), else any Chinese one, else none (the browser's default then). */
export function chineseVoice<V extends VoiceLike>(voices: readonly V[]): V | undefined {
  const lang = (voice: V) => voice.lang.replace('_', '-').toLowerCase();
  const mainland = voices.filter((voice) => lang(voice) === 'zh-cn');
  return mainland.find((voice) => voice.localService) ?? mainland[0] ?? voices.find((voice) => lang(voice).startsWith('zh') || lang(voice).startsWith('cmn'));
}
