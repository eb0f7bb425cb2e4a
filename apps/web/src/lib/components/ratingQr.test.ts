import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from './ratingQr';

describe('qrPath', () => {
  it('draws every dark module of the code once, inside a four-module quiet zone', () => {
    const text = 'http://127.0.0.1:3000/rate/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const { size, d } = qrPath(text);
    expect(size).toBe(modules.size + 8);

    let dark = 0;
    for (let row = 0; row < modules.size; row++) for (let col = 0; col < modules.size; col++) dark += modules.get(row, col) ? 1 : 0;
    const drawn = [...d.matchAll(/M(\d+) (\d+)h(\d+)/g)].map(([, x, y, run]) => ({ x: Number(x), y: Number(y), run: Number(run) }));
    expect(drawn.reduce((sum, part) => sum + part.run, 0)).toBe(dark);
    expect(Math.min(...drawn.map((p) => Math.min(p.x, p.y)))).toBe(4);
    // The top-left finder pattern starts with a run of seven dark modules.
    expect(drawn[0]).toEqual({ x: 4, y: 4, run: 7 });
  });
});
