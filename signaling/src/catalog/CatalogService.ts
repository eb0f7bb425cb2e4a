/**
 * The catalog as the consoles read it: the jurisdiction tree, the matters (with their checklists), the
 * service points, the home jurisdictions a session can go to, and which jurisdictions a supervisor
 * covers. Read-only; everyone signed in may read it.
 */
import {
  allJurisdictions,
  findServicePoint,
  homeJurisdictions,
  listMatters,
  listServicePoints,
  materialNamesOf,
  mattersWithMaterials,
  type Database,
} from '@vwindow/db';
import { jurisdictionCovers, type CatalogMatter, type HomeJurisdiction, type MatterFilter, type MatterSummary, type ServicePointSummary, type SignedInStaff } from '../protocol';
import { jurisdictionIndex, type JurisdictionIndex } from './jurisdictionIndex';

export class CatalogService {
  readonly #database: Database;

  constructor(options: { database: Database }) {
    this.#database = options.database;
  }

  get #db() {
    return this.#database.db;
  }

  jurisdictions(): JurisdictionIndex {
    return jurisdictionIndex(allJurisdictions(this.#db));
  }

  /** The jurisdictions a supervisor answers for: their own and everything under it (GB/T 2260 prefixes). */
  coveredCodes(staff: SignedInStaff): string[] {
    return allJurisdictions(this.#db)
      .map((j) => j.code)
      .filter((code) => jurisdictionCovers(staff.jurisdictionCode, code));
  }

  /** Home jurisdictions that have active matters and a window to take them, each also with its full name. */
  homeJurisdictions(): HomeJurisdiction[] {
    const places = this.jurisdictions();
    return homeJurisdictions(this.#db).map((place) => ({ ...place, fullName: places.fullName(place.code) }));
  }

  matters(filter: MatterFilter = {}): MatterSummary[] {
    return listMatters(this.#db, filter);
  }

  /** Active matters with their whole checklists (of one home jurisdiction, or all). */
  mattersWithMaterials(homeJurisdictionCode?: string): CatalogMatter[] {
    return mattersWithMaterials(this.#db, homeJurisdictionCode);
  }

  materialNames(matterId: number): string[] {
    return materialNamesOf(this.#db, matterId);
  }

  servicePoint(id: number): ServicePointSummary | null {
    return findServicePoint(this.#db, id) ?? null;
  }

  /** All service points, or those of the given jurisdictions. */
  servicePoints(jurisdictionCodes?: string[]): ServicePointSummary[] {
    return listServicePoints(this.#db, jurisdictionCodes);
  }
}
