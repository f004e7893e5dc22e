import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';

/** A price override as the form edits it (text, so a half-typed number stays as typed). */
export interface PriceRow {
  /** A key for React, stable while the model is typed. */
  key: number;
  model: string;
  input: string;
  output: string;
}

let rowKeys = 0;
/** A new row's key. */
export function nextRowKey(): number {
  rowKeys += 1;
  return rowKeys;
}

/** The models clients may use: every one the deployment can call, or only those ticked. */
export function EnabledModelsEditor({
  available,
  enabled,
  onChange,
}: {
  available: readonly string[];
  enabled: readonly string[] | null;
  onChange: (enabled: string[] | null) => void;
}) {
  const { t } = useI18n();
  const models = [...new Set([...available, ...(enabled ?? [])])];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{t('admin.settings.models')}</legend>
      <label className="inline-flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4"
          checked={enabled !== null}
          onChange={(event) => onChange(event.target.checked ? [...available] : null)}
        />
        {t('admin.settings.restrictModels')}
      </label>
      {enabled !== null ? (
        <ul className="ml-6 flex flex-col gap-1" aria-label={t('admin.settings.models')}>
          {models.map((model) => (
            <li key={model}>
              <label className="inline-flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={enabled.includes(model)}
                  onChange={(event) =>
                    onChange(
                      event.target.checked ? [...enabled, model] : enabled.filter((item) => item !== model),
                    )
                  }
                />
                <code>{model}</code>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

/** Price overrides: one row per model, in USD per million tokens. */
export function PriceOverridesEditor({
  rows,
  onChange,
}: {
  rows: PriceRow[];
  onChange: (rows: PriceRow[]) => void;
}) {
  const { t } = useI18n();
  const set = (index: number, patch: Partial<PriceRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-medium">{t('admin.settings.prices')}</legend>
      {rows.map((row, index) => (
        <div
          key={row.key}
          className="grid gap-2 rounded-md border border-border p-3 sm:grid-cols-[2fr_1fr_1fr_auto]"
        >
          <Field label={t('admin.settings.priceModel')}>
            <Input value={row.model} onChange={(event) => set(index, { model: event.target.value })} />
          </Field>
          <Field label={t('admin.settings.priceInput')}>
            <Input
              type="number"
              min={0}
              step="0.0001"
              value={row.input}
              onChange={(event) => set(index, { input: event.target.value })}
            />
          </Field>
          <Field label={t('admin.settings.priceOutput')}>
            <Input
              type="number"
              min={0}
              step="0.0001"
              value={row.output}
              onChange={(event) => set(index, { output: event.target.value })}
            />
          </Field>
          <Button
            variant="secondary"
            size="sm"
            className="self-end"
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
          >
            {t('admin.settings.remove')}
          </Button>
        </div>
      ))}
      <Button
        variant="secondary"
        size="sm"
        className="self-start"
        onClick={() => onChange([...rows, { key: nextRowKey(), model: '', input: '', output: '' }])}
      >
        {t('admin.settings.addPrice')}
      </Button>
    </fieldset>
  );
}

/** Feature switches: named on/off flags, a new one added by name. */
export function FeaturesEditor({
  features,
  onChange,
}: {
  features: Record<string, boolean>;
  onChange: (features: Record<string, boolean>) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{t('admin.settings.features')}</legend>
      {Object.entries(features).map(([feature, on]) => (
        <label key={feature} className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            checked={on}
            onChange={(event) => onChange({ ...features, [feature]: event.target.checked })}
          />
          <code>{feature}</code>
        </label>
      ))}
      <div className="flex flex-wrap items-end gap-2">
        <Field label={t('admin.settings.featureName')} hint={t('admin.settings.featureHint')}>
          <Input value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
        <Button
          variant="secondary"
          size="sm"
          className="mb-6"
          disabled={!name.trim()}
          onClick={() => {
            onChange({ ...features, [name.trim()]: true });
            setName('');
          }}
        >
          {t('admin.settings.addFeature')}
        </Button>
      </div>
    </fieldset>
  );
}
