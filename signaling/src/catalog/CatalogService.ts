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

  async jurisdictions(): Promise<JurisdictionIndex> {
    return jurisdictionIndex(await allJurisdictions(this.#db));
  }

  /** The jurisdictions a supervisor answers for: their own and everything under it (GB/T 2260 prefixes). */
  async coveredCodes(staff: SignedInStaff): Promise<string[]> {
    return (await allJurisdictions(this.#db))
      .map((j) => j.code)
      .filter((code) => jurisdictionCovers(staff.jurisdictionCode, code));
  }

  /** Home jurisdictions that have active matters and a window to take them, each also with its full name. */
  async homeJurisdictions(): Promise<HomeJurisdiction[]> {
    const places = await this.jurisdictions();
    return (await homeJurisdictions(this.#db)).map((place) => ({ ...place, fullName: places.fullName(place.code) }));
  }

  async matters(filter: MatterFilter = {}): Promise<MatterSummary[]> {
    return await listMatters(this.#db, filter);
  }

  /** Active matters with their whole checklists (of one home jurisdiction, or all). */
  async mattersWithMaterials(homeJurisdictionCode?: string): Promise<CatalogMatter[]> {
    return await mattersWithMaterials(this.#db, homeJurisdictionCode);
  }

  async materialNames(matterId: number): Promise<string[]> {
    return await materialNamesOf(this.#db, matterId);
  }

  async servicePoint(id: number): Promise<ServicePointSummary | null> {
    return (await findServicePoint(this.#db, id)) ?? null;
  }

  /** All service points, or those of the given jurisdictions. */
  async servicePoints(jurisdictionCodes?: string[]): Promise<ServicePointSummary[]> {
    return await listServicePoints(this.#db, jurisdictionCodes);
  }
}
