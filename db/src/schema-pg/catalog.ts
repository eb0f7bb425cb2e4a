/** The catalog: jurisdictions (GB/T 2260), service points, matters and their materials. */
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { autoId } from './columns';
import { jurisdictionLevels, servicePointSides } from '@vwindow/signaling/protocol/values';

/** 行政区划, keyed by its GB/T 2260 code. */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: jurisdictionLevels }).notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => jurisdictions.code),
  },
  (t) => [
    check('jurisdictions_code_format', sql`length(${t.code}) = 6 AND ${t.code} ~ '^[0-9]{6}$'`),
    index('jurisdictions_parent_idx').on(t.parentCode),
  ],
);

/** 服务点/专窗: a hall window that can start sessions (local), take them (home), or both. */
export const servicePoints = pgTable(
  'service_points',
  {
    id: autoId(),
    jurisdictionCode: text('jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    side: text('side', { enum: servicePointSides }).notNull(),
  },
  (t) => [index('service_points_jurisdiction_idx').on(t.jurisdictionCode)],
);

/** 事项: a kind of government service with its home jurisdiction and time limit. */
export const matters = pgTable(
  'matters',
  {
    id: autoId(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    homeJurisdictionCode: text('home_jurisdiction_code')
      .notNull()
      .references(() => jurisdictions.code),
    /** 承诺时限, in working days. */
    timeLimitDays: integer('time_limit_days').notNull(),
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    index('matters_home_jurisdiction_idx').on(t.homeJurisdictionCode),
    check('matters_time_limit_positive', sql`${t.timeLimitDays} > 0`),
  ],
);

/** One entry of a matter's material checklist (申请材料). */
export const matterMaterials = pgTable(
  'matter_materials',
  {
    id: autoId(),
    matterId: integer('matter_id')
      .notNull()
      .references(() => matters.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    required: boolean('required').notNull().default(true),
    note: text('note').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('matter_materials_matter_idx').on(t.matterId)],
);
