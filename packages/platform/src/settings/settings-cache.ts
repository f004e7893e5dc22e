import { type Database, platformSettingVersions, type Transaction, withClient } from '@renum/db';
import { desc, sql } from 'drizzle-orm';
import { type EffectiveSettings, noSettings, settingsOfRow } from './read-settings.ts';

/**
 * Which version of the platform settings was in force, as a statement that prepares a run read it (the
 * run's inputs, its claim): `<version>@<created_at in µs>`, or null when no version was ever set. A
 * version is never changed once written (append-only, ADR 0050), so a stamp names one content for good;
 * the creation time guards against a version number written again after a restore of an older database.
 */
export type SettingsStamp = string | null;

/** The settings a run's preparation saw: their stamp, and when (the process's clock) it was read. */
export interface SeenSettings {
  stamp: SettingsStamp;
  readAt: Date;
}

/**
 * A run takes its settings from the stamp its preparation read only within this long of that read; an
 * older one (a job that waited in the queue after its send) is read again when the run starts, as
 * before ADR 0063. So a version switched off is never used by a run that starts later than this after
 * the switch.
 */
export const settingsFreshMs = 1000;

/** The stamp as an SQL expression (a subquery), for a statement that prepares a run. */
export function settingsStampSql() {
  return sql<SettingsStamp>`(select v.version || '@' || floor(extract(epoch from v.created_at) * 1000000)::bigint
    from ${platformSettingVersions} v order by v.version desc limit 1)`;
}

/** Versions kept per database: the one in force, and a few older for runs prepared just before a change. */
const kept = 4;
const caches = new WeakMap<Database, Map<string, EffectiveSettings>>();

function cacheOf(db: Database): Map<string, EffectiveSettings> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** The highest version with its stamp, read in the caller's transaction (any scope). */
export async function readStampedSettings(
  tx: Transaction,
): Promise<{ stamp: SettingsStamp; settings: EffectiveSettings }> {
  const [row] = await tx
    .select({ row: platformSettingVersions, stamp: settingsStampSql() })
    .from(platformSettingVersions)
    .orderBy(desc(platformSettingVersions.version))
    .limit(1);
  return row ? { stamp: row.stamp, settings: settingsOfRow(row.row) } : { stamp: null, settings: noSettings };
}

function remember(db: Database, read: { stamp: SettingsStamp; settings: EffectiveSettings }) {
  if (read.stamp === null) return read.settings;
  const cache = cacheOf(db);
  cache.set(read.stamp, read.settings);
  if (cache.size > kept) cache.delete(cache.keys().next().value as string);
  return read.settings;
}

/**
 * The settings named by `stamp`, from this process's memory when it has read that version before, else
 * through `read` (which answers the version in force then, remembered under its own stamp). No version
 * (null) needs no read.
 */
export async function settingsOfStamp(
  db: Database,
  stamp: SettingsStamp,
  read: () => Promise<{ stamp: SettingsStamp; settings: EffectiveSettings }>,
): Promise<EffectiveSettings> {
  if (stamp === null) return noSettings;
  return cacheOf(db).get(stamp) ?? remember(db, await read());
}

/**
 * The settings a run starts with (ADR 0063): those its preparation saw, when it saw them at most
 * {@link settingsFreshMs} ago and this process knows that version; else read now, in a transaction of
 * their own (and remembered).
 */
export async function settingsForRun(
  deps: { db: Database; clock: () => Date },
  options: { clientId: string; seen: SeenSettings | undefined },
): Promise<EffectiveSettings> {
  const { seen } = options;
  const fresh = seen && deps.clock().getTime() - seen.readAt.getTime() <= settingsFreshMs;
  if (fresh) {
    if (seen.stamp === null) return noSettings;
    const known = cacheOf(deps.db).get(seen.stamp);
    if (known) return known;
  }
  return remember(deps.db, await withClient(deps.db, options.clientId, readStampedSettings));
}
