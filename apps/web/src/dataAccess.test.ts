/**
 * Pages reach the data only through the services on `locals.context` (the same ones the API calls),
 * so that every rule and every audit row holds on both paths. This fails when any module of the web
 * app imports the database, a query module or drizzle, or a server module other than the shared
 * protocol (whose services the pages must get from the WebContext, not build themselves).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(webRoot, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports (type-only ones too), dynamic imports, require. */
export function specifiersOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const staticForm = /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(staticForm)) found.push({ specifier: match[2]!, typeOnly: Boolean(match[1]) });
  for (const match of source.matchAll(/(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: match[1]!, typeOnly: false });
  return found;
}

/** Why `specifier` (imported by `file`) is not allowed in the web app, or null when it is. */
export function forbidden(specifier: string, typeOnly: boolean, file: string): string | null {
  if (/^(@vwindow\/db|drizzle-orm|drizzle-kit|better-sqlite3)(\/|$)/.test(specifier)) return 'the database or a query module';
  const resolved = specifier.startsWith('.') ? relative(repoRoot, join(file, '..', specifier)) : null;
  if (resolved !== null && (resolved === 'db' || resolved.startsWith('db/'))) return 'the database or a query module';
  // The server: only the shared protocol, and the WebContext's type (the services come on locals.context).
  const server = specifier.startsWith('@vwindow/signaling') ? specifier.slice('@vwindow/signaling'.length) : resolved?.startsWith('signaling/') ? resolved.slice('signaling'.length) : null;
  if (server !== null && !/^\/(src\/)?protocol(\/|$)/.test(server) && !(typeOnly && /^\/(src\/)?web\/webContext$/.test(server))) return 'a server module (call the service on locals.context)';
  return null;
}

describe('the web app reaches data only through the services', () => {
  it('has no module that imports the database, drizzle or a server module', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(join(webRoot, 'src'))) {
      if (file.endsWith('dataAccess.test.ts')) continue;
      for (const { specifier, typeOnly } of specifiersOf(readFileSync(file, 'utf8'))) {
        const why = forbidden(specifier, typeOnly, file);
        if (why) offences.push(`${relative(repoRoot, file)} imports ${specifier}: ${why}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('recognises the imports it forbids', () => {
    const file = join(webRoot, 'src', 'routes', 'x', '+page.server.ts');
    const named = (source: string) => specifiersOf(source).map(({ specifier, typeOnly }) => forbidden(specifier, typeOnly, file));
    // The forbidden names are pieced together so that a plain `git grep` for such imports under
    // apps/web finds none, this file included.
    const [db, drizzle, sqlite] = [['@vwindow', 'db'].join('/'), ['drizzle', 'orm'].join('-'), ['better', 'sqlite3'].join('-')];
    expect(named(`import { listCases } from '${db}';`)).toEqual(['the database or a query module']);
    expect(named(`import type { CaseRow } from '${db}';`)).toEqual(['the database or a query module']);
    expect(named(`import { eq } from '${drizzle}';\nimport Database from '${sqlite}';`)).toEqual(['the database or a query module', 'the database or a query module']);
    expect(named(`const q = await import('../../../../../db/src/queries/cases');`)).toEqual(['the database or a query module']);
    expect(named(`import { addWorkingDays } from '@vwindow/signaling/cases/workingDays';`)).toEqual(['a server module (call the service on locals.context)']);
    expect(named(`import { t } from '$lib/i18n';\nimport type { WebContext } from '@vwindow/signaling/web/webContext';`)).toEqual([null, null]);
    expect(named(`import { caseListQuery } from '@vwindow/signaling/protocol';`)).toEqual([null]);
  });
});
