import type { ToolInfo, ToolOptionInfo } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import { type MessageKey, messagesEn } from '../../i18n/messages-en.ts';
import type { FieldErrors } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { type OptionValue, optionControl, toolCredentialService } from './tool-options.ts';

/** The client's credentials for the pickers (names and services only; secrets never reach the browser). */
function useCredentialChoices() {
  const client = useApi();
  return useQuery({
    queryKey: ['credentials'],
    queryFn: ({ signal }) => client.credentials.list({ signal }),
  });
}

/**
 * The error to show beside option `name` of tool `index`: its own, or the first the server placed
 * inside it (`tools.0.options.parameters.properties.url.pattern`), prefixed with where it is.
 */
export function optionError(errors: FieldErrors, index: number, name: string): string | undefined {
  const field = `tools.${index}.options.${name}`;
  if (errors[field] !== undefined) return errors[field];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${field}.`));
  return nested === undefined ? undefined : `${nested.slice(field.length + 1)}: ${errors[nested]}`;
}

/** The tool's description in the reader's language when the catalogue has it, else the server's. */
export function toolDescription(tool: ToolInfo, t: Translate): string {
  const key = `tools.description.${tool.name}`;
  return key in messagesEn ? t(key as MessageKey) : tool.description;
}

/** A translated label for an option when the catalogue has one, else its name made readable. */
export function useOptionLabel() {
  const { t } = useI18n();
  return (option: ToolOptionInfo) => {
    const key = `tools.option.${option.name}`;
    return key in messagesEn ? t(key as MessageKey) : option.name.replaceAll('_', ' ');
  };
}

/**
 * The words for an option's enum value (`tools.value.<option>.<value>`, e.g. web search's `advanced`) in
 * the reader's language; a value without words (an HTTP method) shows as it is sent.
 */
function choiceLabel(t: Translate, option: ToolOptionInfo, choice: unknown): string {
  const key = `tools.value.${option.name}.${String(choice)}`;
  return key in messagesEn ? t(key as MessageKey) : String(choice);
}

/**
 * The options of one enabled tool as a form generated from its option schema (`GET /v1/tools`):
 * a credential picker limited to the tool's service, selects for enums, checkboxes, numbers, and
 * JSON only for options that are objects or lists.
 */
export function ToolOptionsForm({
  tool,
  index,
  values,
  onChange,
  errors,
}: {
  tool: ToolInfo;
  /** The tool's place in the agent's list (where the server's errors point). */
  index: number;
  values: Record<string, OptionValue>;
  onChange(values: Record<string, OptionValue>): void;
  errors: FieldErrors;
}) {
  const { t } = useI18n();
  const labelOf = useOptionLabel();
  const credentials = useCredentialChoices();
  const set = (name: string, value: OptionValue) => onChange({ ...values, [name]: value });
  const service = toolCredentialService[tool.name];
  const choices = (credentials.data?.data ?? []).filter((credential) => credential.service === service);

  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-medium">{t('tools.options.title', { tool: tool.name })}</legend>
      {tool.options.map((option) => {
        const error = optionError(errors, index, option.name);
        const value = values[option.name];
        if (optionControl(option) === 'credential') {
          return (
            <Field
              key={option.name}
              label={t('tools.options.credential')}
              error={error}
              hint={
                choices.length === 0 ? t('tools.options.noCredential', { service: service ?? '' }) : undefined
              }
            >
              <SelectMenu
                value={String(value ?? '')}
                onChange={(event) => set(option.name, event.target.value)}
              >
                <option value="">{t('tools.options.credentialDefault')}</option>
                {choices.map((credential) => (
                  <option key={credential.id} value={credential.name}>
                    {credential.name}
                  </option>
                ))}
                {value && !choices.some((credential) => credential.name === value) ? (
                  <option value={String(value)}>{String(value)}</option>
                ) : null}
              </SelectMenu>
            </Field>
          );
        }
        return (
          <OptionField
            key={option.name}
            option={option}
            label={labelOf(option)}
            value={value}
            error={error}
            onChange={(next) => set(option.name, next)}
          />
        );
      })}
      {service && credentials.isSuccess && choices.length === 0 ? (
        <p className="text-sm sm:col-span-2">
          <Link to="/credentials" className="text-primary underline">
            {t('tools.options.addCredential')}
          </Link>
        </p>
      ) : null}
    </fieldset>
  );
}

/** Props of {@link OptionField}. */
export interface OptionFieldProps {
  option: ToolOptionInfo;
  label: string;
  value: OptionValue | undefined;
  error: string | undefined;
  onChange(value: OptionValue): void;
}

/**
 * One field generated from a JSON-schema property summary (`ToolOptionInfo`): a checkbox, a select for
 * enums, JSON for objects and lists, else a text or number input. Tool options and a tool test's input
 * both use it.
 */
export function OptionField({ option, label, value, error, onChange }: OptionFieldProps) {
  const { t } = useI18n();
  const control = optionControl(option);
  const defaultHint =
    option.default === undefined
      ? undefined
      : t('tools.options.default', { value: choiceLabel(t, option, option.default) });
  if (control === 'boolean') {
    return (
      <label className="inline-flex items-center gap-2 text-sm sm:col-span-2">
        <input
          type="checkbox"
          className="size-4"
          checked={value === undefined ? option.default === true : value === true}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
        {error ? (
          <span role="alert" className="text-danger">
            {error}
          </span>
        ) : null}
      </label>
    );
  }
  if (control === 'choice') {
    return (
      <Field label={label} error={error} hint={defaultHint}>
        <SelectMenu value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
          <option value="">{t('tools.options.useDefault')}</option>
          {option.values?.map((choice) => (
            <option key={String(choice)} value={String(choice)}>
              {choiceLabel(t, option, choice)}
            </option>
          ))}
        </SelectMenu>
      </Field>
    );
  }
  if (control === 'json') {
    return (
      <Field
        label={label}
        error={error}
        required={option.required}
        hint={t('tools.options.jsonHint')}
        className="sm:col-span-2"
      >
        <Textarea
          rows={4}
          className="font-mono text-xs"
          value={String(value ?? '')}
          onChange={(event) => onChange(event.target.value)}
        />
      </Field>
    );
  }
  return (
    <Field label={label} error={error} required={option.required} hint={defaultHint}>
      <Input
        type={control === 'number' ? 'number' : 'text'}
        inputMode={control === 'number' ? 'numeric' : undefined}
        value={String(value ?? '')}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
