/** The jurisdiction tree (行政区划), read once per request: it is small (tens to a few thousand rows). */
import type { Db } from '@vwindow/db';
import { jurisdictions, type JurisdictionLevel } from '@vwindow/db/schema';

export interface JurisdictionNode {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  /** 0 for a province-level unit or any root. */
  depth: number;
}

export interface JurisdictionIndex {
  /** Depth-first, parents before their children, siblings by code. */
  readonly tree: JurisdictionNode[];
  get(code: string): JurisdictionNode | undefined;
  /** '浙江省 嘉兴市 平湖市'; the code itself when it is unknown. */
  fullName(code: string): string;
  /** `code` and every jurisdiction below it, in tree order. */
  subtree(code: string): JurisdictionNode[];
}

export function loadJurisdictions(db: Db): JurisdictionIndex {
  const rows = db.select().from(jurisdictions).orderBy(jurisdictions.code).all();
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const children = new Map<string | null, typeof rows>();
  for (const row of rows) {
    // A parent missing from the table makes the row a root rather than losing it.
    const parent = row.parentCode && byCode.has(row.parentCode) ? row.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }

  const tree: JurisdictionNode[] = [];
  const nodes = new Map<string, JurisdictionNode>();
  const visit = (parent: string | null, depth: number): void => {
    for (const row of children.get(parent) ?? []) {
      const node = { ...row, depth };
      tree.push(node);
      nodes.set(row.code, node);
      visit(row.code, depth + 1);
    }
  };
  visit(null, 0);

  return {
    tree,
    get: (code) => nodes.get(code),
    fullName(code) {
      const names: string[] = [];
      for (let node = nodes.get(code); node; node = node.parentCode ? nodes.get(node.parentCode) : undefined) {
        names.unshift(node.name);
      }
      return names.length > 0 ? names.join(' ') : code;
    },
    subtree(code) {
      const start = tree.findIndex((node) => node.code === code);
      if (start < 0) return [];
      const root = tree[start] as JurisdictionNode;
      const end = tree.findIndex((node, i) => i > start && node.depth <= root.depth);
      return tree.slice(start, end < 0 ? undefined : end);
    },
  };
}
