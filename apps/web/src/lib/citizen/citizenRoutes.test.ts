import { describe, expect, it } from 'vitest';
import { isCitizenRoute } from './citizenRoutes';

describe('isCitizenRoute', () => {
  it('takes the rating and status pages, not the consoles', () => {
    expect(isCitizenRoute('/rate/[token]')).toBe(true);
    expect(isCitizenRoute('/status')).toBe(true);
    expect(isCitizenRoute('/guest/[token]')).toBe(true);
    expect(isCitizenRoute('/sign/[documentId]')).toBe(true);
    expect(isCitizenRoute('/notices/[id]')).toBe(true);
    expect(isCitizenRoute('/recording-notice/[id]')).toBe(true);
    expect(isCitizenRoute('/statistics')).toBe(false);
    expect(isCitizenRoute('/cases/[id]/receipt')).toBe(false);
    expect(isCitizenRoute('/local')).toBe(false);
    expect(isCitizenRoute(null)).toBe(false);
  });
});
