import type { PlatformSettings } from '@renum/contracts';
import { bundledPriceTable } from '@renum/runtime';
import { type EffectiveSettings, priceOverrideOf } from './read-settings.ts';

/**
 * The price table version ledger rows carry under these settings: the deployment's table, and
 * `+settings.<n>` when the settings override prices.
 */
export function priceVersionOf(settings: EffectiveSettings, baseVersion = bundledPriceTable.version): string {
  const override = priceOverrideOf(settings);
  return override ? `${baseVersion}+${override.label}` : baseVersion;
}

/** One settings version on the wire. */
export function settingsToWire(settings: EffectiveSettings): PlatformSettings {
  return {
    version: settings.version,
    default_plan: settings.defaultPlan,
    enabled_models: settings.enabledModels ? [...settings.enabledModels] : null,
    price_overrides: { ...settings.priceOverrides },
    features: { ...settings.features },
    price_version: priceVersionOf(settings),
    created_by: settings.createdBy,
    created_at: settings.createdAt ? settings.createdAt.toISOString() : null,
  };
}
