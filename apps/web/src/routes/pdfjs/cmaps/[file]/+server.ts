/**
 * Adobe's predefined CMaps for pdf.js (from pdfjs-dist), so that PDFs in the standard Chinese fonts —
 * the documents the citizen signs, the 一次性告知书, many scanned forms — show their text. Public (they
 * are pdfjs-dist's own files); only names of the files pdfjs-dist ships are served.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

const cmapDir = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps');

export const GET: RequestHandler = async ({ params }) => {
  if (!/^[A-Za-z0-9-]{1,64}\.bcmap$/.test(params.file)) error(404, 'Not Found');
  const bytes = await readFile(join(cmapDir, params.file)).catch(() => null);
  if (!bytes) error(404, 'Not Found');
  return new Response(new Uint8Array(bytes), { headers: { 'content-type': 'application/octet-stream' } });
};
