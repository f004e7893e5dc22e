import type { promptTemplates, promptTemplateVersions } from '@renum/db';
import { toWire } from '../wire.ts';

type TemplateRow = typeof promptTemplates.$inferSelect;
type VersionRow = typeof promptTemplateVersions.$inferSelect;

/** Wire form of a version in a template's history: everything but the body. */
export function versionSummaryToWire(version: VersionRow) {
  const { body: _body, ...summary } = toWire(version);
  return summary;
}

/**
 * Wire form of a template with its history: `latest` is the newest version in full, `versions` every
 * version newest first without bodies. `versions` must be ordered newest first and not be empty.
 */
export function templateDetailToWire(template: TemplateRow, versions: readonly VersionRow[]) {
  const [latest] = versions;
  if (!latest) throw new Error(`Prompt template ${template.id} has no version`);
  return { ...toWire(template), latest: toWire(latest), versions: versions.map(versionSummaryToWire) };
}
