import { describe, expect, it } from 'vitest';
import { formatPortList, parsePortList, unreservedEphemeral } from './ephemeralPorts';

const EPHEMERAL = { min: 32768, max: 60999 };

describe('ports outbound connections may take', () => {
  it('reads the kernel list syntax', () => {
    expect(parsePortList('')).toEqual([]);
    expect(parsePortList('\n')).toEqual([]);
    expect(parsePortList('40000-40015,56000\n')).toEqual([
      { min: 40000, max: 40015 },
      { min: 56000, max: 56000 },
    ]);
    expect(formatPortList(parsePortList('40000-40015,56000'))).toBe('40000-40015,56000');
  });

  it('names the configured ports inside the ephemeral range and not reserved', () => {
    expect(unreservedEphemeral([{ min: 40000, max: 40001 }], EPHEMERAL, [])).toEqual([{ min: 40000, max: 40001 }]);
    expect(unreservedEphemeral([{ min: 24000, max: 24001 }], EPHEMERAL, [])).toEqual([]);
    expect(unreservedEphemeral([{ min: 40000, max: 40003 }], EPHEMERAL, [{ min: 40001, max: 40002 }])).toEqual([
      { min: 40000, max: 40000 },
      { min: 40003, max: 40003 },
    ]);
    expect(unreservedEphemeral([{ min: 40000, max: 40003 }], EPHEMERAL, parsePortList('39000-41000'))).toEqual([]);
    expect(unreservedEphemeral([{ min: 32766, max: 32769 }], EPHEMERAL, [])).toEqual([{ min: 32768, max: 32769 }]);
    expect(unreservedEphemeral([{ min: 60999, max: 61001 }], EPHEMERAL, [])).toEqual([{ min: 60999, max: 60999 }]);
  });
});
