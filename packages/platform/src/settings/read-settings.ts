import { AppError, type PlatformFeatureSwitch } from '@renum/contracts';
import { platformSettingVersions, type StoredModelPrice, type Transaction } from '@renum/db';
import { desc } from 'drizzle-orm';

/** The platform settings in force (migration 0039); version 0 when none was ever set. */
export interface EffectiveSettings {
  version: number;
  defaultPlan: string | null;
  /** null: every model the deployment can call. */
  enabledModels: readonly string[] | null;
  priceOverrides: Readonly<Record<string, StoredModelPrice>>;
  features: Readonly<Record<string, boolean>>;
  createdBy: string | null;
  createdAt: Date | null;
}

/** No version set: the deployment's configuration alone. */
export const noSettings: EffectiveSettings = {
  version: 0,
  defaultPlan: null,
  enabledModels: null,
  priceOverrides: {},
  features: {},
  createdBy: null,
  createdAt: null,
};

type Row = typeof platformSettingVersions.$inferSelect;

/** A stored version as the use-cases read it. */
export function settingsOfRow(row: Row): EffectiveSettings {
  return {
    version: row.version,
    defaultPlan: row.default_plan,
    enabledModels: row.enabled_models,
    priceOverrides: row.price_overrides,
    features: row.features,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * The highest version of the platform settings, read in the caller's transaction (any scope: the table
 * is readable by a client's requests too), or {@link noSettings}.
 */
export async function readSettings(tx: Transaction): Promise<EffectiveSettings> {
  const [row] = await tx
    .select()
    .from(platformSettingVersions)
    .orderBy(desc(platformSettingVersions.version))
    .limit(1);
  return row ? settingsOfRow(row) : noSettings;
}

/**
 * Throws `403 MODEL_NOT_ENABLED` (naming the model) when the platform settings restrict clients to a
 * list of models and `model` is not in it. A client's own key does not lift it: the list is the
 * platform's choice of what its clients may run.
 */
export function assertModelEnabled(settings: EffectiveSettings, model: string, field = 'model'): void {
  if (settings.enabledModels === null || settings.enabledModels.includes(model)) return;
  throw new AppError('MODEL_NOT_ENABLED', `The model "${model}" is not enabled on this platform`, {
    context: { model, field },
  });
}

/** The plan a new client gets: the one asked, else the settings' default, else the deployment's. */
export function planForNewClient(
  settings: EffectiveSettings,
  asked: string | undefined,
  deploymentDefault: string | undefined,
): string | undefined {
  return asked ?? settings.defaultPlan ?? deploymentDefault;
}

/**
 * The price override a run is metered with: the settings' prices over the deployment's table, labelled
 * with their version (`settings.<n>`), or undefined when the settings change no price.
 */
export function priceOverrideOf(
  settings: EffectiveSettings,
): { label: string; models: Record<string, StoredModelPrice> } | undefined {
  if (Object.keys(settings.priceOverrides).length === 0) return undefined;
  return { label: `settings.${settings.version}`, models: { ...settings.priceOverrides } };
}

/** Checks an agent's asked model and fallbacks against the enabled models (`403 MODEL_NOT_ENABLED`). */
export function assertAgentModelsEnabled(
  settings: EffectiveSettings,
  input: { model?: string | undefined; fallback_models?: readonly string[] | undefined },
): void {
  if (input.model !== undefined) assertModelEnabled(settings, input.model);
  for (const model of input.fallback_models ?? []) assertModelEnabled(settings, model, 'fallback_models');
}

/** Whether a feature switch is on: a switch never set is on; only `false` turns the feature off. */
export function featureEnabled(settings: EffectiveSettings, feature: PlatformFeatureSwitch): boolean {
  return settings.features[feature] !== false;
}

/** Throws `403 FEATURE_DISABLED` (naming the switch) when the platform settings turned `feature` off. */
export function assertFeatureEnabled(settings: EffectiveSettings, feature: PlatformFeatureSwitch): void {
  if (featureEnabled(settings, feature)) return;
  throw new AppError('FEATURE_DISABLED', `The feature "${feature}" is turned off on this platform`, {
    context: { feature },
  });
}

/** The models of `models` the platform settings enable (all of them when no list is set). */
export function enabledOnly(settings: EffectiveSettings, models: readonly string[]): string[] {
  const enabled = settings.enabledModels;
  return enabled === null ? [...models] : models.filter((model) => enabled.includes(model));
}
