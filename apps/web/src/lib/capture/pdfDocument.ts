/**
 * PDF captures shown in the viewer: pdfjs-dist loaded on first use (browser only), its worker served
 * by Vite, pages rendered to a canvas.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

let loaded: Promise<typeof import('pdfjs-dist')> | null = null;

function pdfjs(): Promise<typeof import('pdfjs-dist')> {
  loaded ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return loaded;
}

export async function openPdf(url: string): Promise<PDFDocumentProxy> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(response.statusText || String(response.status));
  const data = new Uint8Array(await response.arrayBuffer());
  const lib = await pdfjs();
  // No code compiled from the document (PostScript functions, CVE-2024-4367's kind): the pages'
  // Content-Security-Policy allows no eval, and an uploaded PDF is not trusted.
  // Adobe's CMaps (for text in the standard Chinese fonts, as in the documents the product makes) are
  // fetched by this page, not by the worker: the worker script's answer carries no connect-src.
  // Errors only on the console: pdf.js warns of every font it substitutes (the standard Chinese fonts
  // are drawn with the system's CJK font), which is how such PDFs are meant to be shown.
  return lib.getDocument({ data, isEvalSupported: false, cMapUrl: '/pdfjs/cmaps/', cMapPacked: true, useWorkerFetch: false, verbosity: lib.VerbosityLevel.ERRORS }).promise;
}

/**
 * Opens the PDF at `url` for a component's effect: `opened` gets the document, `failed` the reason,
 * unless the returned cleanup ran first (a new URL, the component gone), which also closes it.
 */
export function loadPdf(url: string, opened: (document: PDFDocumentProxy) => void, failed: (cause: unknown) => void): () => void {
  let cancelled = false;
  let document: PDFDocumentProxy | null = null;
  openPdf(url)
    .then((made) => {
      document = made;
      if (cancelled) void made.destroy();
      else opened(made);
    })
    .catch((cause: unknown) => cancelled || failed(cause));
  return () => {
    cancelled = true;
    void document?.destroy();
  };
}

/**
 * Renders page `number` (1-based) into `canvas` at `scale` device pixels per PDF point (sharp enough
 * to zoom in); CSS fits the canvas into its box.
 */
export async function renderPage(document: PDFDocumentProxy, number: number, canvas: HTMLCanvasElement, scale = 2): Promise<void> {
  const page = await document.getPage(number);
  const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvas, viewport }).promise;
}
