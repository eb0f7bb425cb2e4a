/** The jurisdiction tree (行政区划) built from its rows: small (tens to a few thousand rows), built per request. */
import type { JurisdictionLevel, JurisdictionNode } from '../protocol';

export interface JurisdictionIndex {
  /** Depth-first, parents before their children, siblings by code. */
  readonly tree: JurisdictionNode[];
  get(code: string): JurisdictionNode | undefined;
  /** '浙江省 嘉兴市 平湖市'; the code itself when it is unknown. */
  fullName(code: string): string;
  /** `code` and every jurisdiction below it, in tree order. */
  subtree(code: string): JurisdictionNode[];
}

type Row = { code: string; name: string; level: JurisdictionLevel; parentCode: string | null };

export function jurisdictionIndex(rows: Row[]): JurisdictionIndex {
  const sorted = [...rows].sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(sorted.map((row) => [row.code, row]));
  const children = new Map<string | null, Row[]>();
  for (const row of sorted) {
    // A parent missing from the table makes the row a root rather than losing it.
    const parent = row.parentCode && byCode.has(row.parentCode) ? row.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }

  const tree: JurisdictionNode[] = [];
  const nodes = new Map<string, JurisdictionNode>();
  const visit = (parent: string | null, depth: number): void => {
    for (const row of children.get(parent) ?? []) {
      const node = { code: row.code, name: row.name, level: row.level, parentCode: row.parentCode, depth };
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
