import { describe, expect, it } from 'vitest';
import { landingPath } from './redirects';

describe('landingPath', () => {
  it('is the role’s console when there is no next', () => {
    expect(landingPath('local_clerk', null)).toBe('/local');
    expect(landingPath('home_clerk', '')).toBe('/home');
    expect(landingPath('supervisor', null)).toBe('/supervise');
    expect(landingPath('admin', null)).toBe('/admin');
  });

  it('follows next inside the role’s own console, keeping its query', () => {
    expect(landingPath('admin', '/admin')).toBe('/admin');
    expect(landingPath('admin', '/admin/staff?page=2')).toBe('/admin/staff?page=2');
  });

  it('ignores next outside the console, so that a sign-in never lands on a 403', () => {
    expect(landingPath('local_clerk', '/home')).toBe('/local');
    expect(landingPath('local_clerk', '/localx')).toBe('/local');
    expect(landingPath('local_clerk', '/local/../home')).toBe('/local');
  });

  it('follows next to the case pages for the roles that read cases', () => {
    expect(landingPath('home_clerk', '/cases/12')).toBe('/cases/12');
    expect(landingPath('local_clerk', '/cases?status=delivered')).toBe('/cases?status=delivered');
    expect(landingPath('admin', '/cases/12')).toBe('/admin');
    expect(landingPath('home_clerk', '/casesx')).toBe('/home');
  });

  it('never leaves the site', () => {
    expect(landingPath('admin', '//evil.example/admin')).toBe('/admin');
    expect(landingPath('admin', '/\\evil.example/admin')).toBe('/admin');
    expect(landingPath('admin', 'https://evil.example/admin')).toBe('/admin');
    expect(landingPath('admin', 'javascript:alert(1)')).toBe('/admin');
  });
});
