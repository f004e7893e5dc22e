import { type AgentTool, type Channel, type WizardStep4, wizardStep4Schema } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { StepForm, type StepNavigation } from './step-footer.tsx';
import { useStepForm } from './use-step-form.ts';

/** Tools the wizard offers as plain switches (they need no options); others stay as the agent has them. */
const simpleTools = ['calculator', 'current_time', 'web_search', 'web_scrape'] as const;
const channels: Channel[] = ['web', 'whatsapp', 'sms', 'email'];

function CheckboxList({
  legend,
  items,
  checked,
  onToggle,
  empty,
}: {
  legend: string;
  items: { id: string; label: string }[];
  checked: (id: string) => boolean;
  onToggle: (id: string) => void;
  empty?: string;
}) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {items.length === 0 && empty ? <p className="text-sm text-text-muted">{empty}</p> : null}
      {items.map((item) => (
        <label key={item.id} className="flex min-h-10 items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            checked={checked(item.id)}
            onChange={() => onToggle(item.id)}
          />
          {item.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Step 4: channel, tools, knowledge bases, the WhatsApp number and who may open the public page. */
export function StepIntegrations({
  initial,
  save,
  navigation,
}: {
  initial: WizardStep4 | undefined;
  save: (body: WizardStep4) => Promise<unknown>;
  navigation: StepNavigation;
}) {
  const { t } = useI18n();
  const client = useApi();
  const credentials = useQuery({
    queryKey: ['credentials'],
    queryFn: ({ signal }) => client.credentials.list({ signal }),
  });
  const bases = useQuery({ queryKey: ['knowledge-bases'], queryFn: () => client.knowledge.list() });
  const [channel, setChannel] = useState<Channel>(initial?.channel ?? 'web');
  const [tools, setTools] = useState<AgentTool[]>(initial?.tools ?? []);
  const [baseIds, setBaseIds] = useState<string[]>(initial?.knowledge_base_ids ?? []);
  const [isPublic, setIsPublic] = useState(initial?.is_public ?? true);
  const [origins, setOrigins] = useState((initial?.allowed_origins ?? []).join('\n'));
  const [whatsapp, setWhatsapp] = useState(
    initial?.whatsapp ?? { credential_id: '', phone_number_id: '', verify_token: '' },
  );
  const body = {
    channel,
    tools,
    knowledge_base_ids: baseIds,
    is_public: isPublic,
    allowed_origins: origins
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    ...(channel === 'whatsapp' && whatsapp.credential_id ? { whatsapp } : {}),
  };
  const form = useStepForm({ schema: wizardStep4Schema, body, saved: initial !== undefined, save });
  const toggleTool = (name: string) =>
    setTools((current) =>
      current.some((tool) => tool.name === name)
        ? current.filter((tool) => tool.name !== name)
        : [...current, { name: name as AgentTool['name'] }],
    );
  const toggleBase = (id: string) =>
    setBaseIds((current) =>
      current.includes(id) ? current.filter((base) => base !== id) : [...current, id],
    );
  const whatsappCredentials = (credentials.data?.data ?? []).filter((item) => item.service === 'whatsapp');
  return (
    <StepForm
      title={t('wizard.step4.title')}
      formError={form.formError}
      flush={form.flush}
      navigation={navigation}
    >
      <Field
        label={t('wizard.step4.channel')}
        hint={channel === 'sms' || channel === 'email' ? t('wizard.step4.channelSoon') : undefined}
        error={form.errors.channel}
        required
      >
        <SelectMenu value={channel} onChange={(event) => setChannel(event.target.value as Channel)}>
          {channels.map((name) => (
            <option key={name} value={name}>
              {t(`wizard.channel.${name}`)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      {channel === 'whatsapp' ? (
        <fieldset className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium">{t('wizard.step4.whatsapp')}</legend>
          <Field
            className="sm:col-span-2"
            label={t('wizard.step4.whatsappCredential')}
            hint={whatsappCredentials.length === 0 ? t('wizard.step4.whatsappNoCredential') : undefined}
            error={form.errors['whatsapp.credential_id']}
          >
            <SelectMenu
              value={whatsapp.credential_id}
              onChange={(event) => setWhatsapp({ ...whatsapp, credential_id: event.target.value })}
            >
              <option value="">{t('wizard.step4.choose')}</option>
              {whatsappCredentials.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </SelectMenu>
          </Field>
          <Field label={t('wizard.step4.phoneNumberId')} error={form.errors['whatsapp.phone_number_id']}>
            <Input
              inputMode="numeric"
              value={whatsapp.phone_number_id}
              onChange={(event) => setWhatsapp({ ...whatsapp, phone_number_id: event.target.value })}
            />
          </Field>
          <Field label={t('wizard.step4.verifyToken')} error={form.errors['whatsapp.verify_token']}>
            <Input
              value={whatsapp.verify_token}
              onChange={(event) => setWhatsapp({ ...whatsapp, verify_token: event.target.value })}
            />
          </Field>
        </fieldset>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <CheckboxList
          legend={t('wizard.step4.tools')}
          items={simpleTools.map((name) => ({ id: name, label: t(`wizard.tool.${name}`) }))}
          checked={(name) => tools.some((tool) => tool.name === name)}
          onToggle={toggleTool}
        />
        <CheckboxList
          legend={t('wizard.step4.knowledgeBases')}
          items={(bases.data?.data ?? []).map((base) => ({ id: base.id, label: base.name }))}
          checked={(id) => baseIds.includes(id)}
          onToggle={toggleBase}
          empty={t('wizard.step4.noKnowledgeBases')}
        />
      </div>
      {form.errors.knowledge_base_ids || form.errors['knowledge_base_ids.0'] ? (
        <p role="alert" className="text-sm text-danger">
          {form.errors.knowledge_base_ids ?? form.errors['knowledge_base_ids.0']}
        </p>
      ) : null}
      <label className="flex min-h-10 items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4"
          checked={isPublic}
          onChange={() => setIsPublic(!isPublic)}
        />
        {t('wizard.step4.public')}
      </label>
      <Field
        label={t('wizard.step4.origins')}
        hint={t('wizard.step4.originsHint')}
        error={Object.entries(form.errors).find(([key]) => key.startsWith('allowed_origins'))?.[1]}
      >
        <Textarea value={origins} onChange={(event) => setOrigins(event.target.value)} rows={3} />
      </Field>
    </StepForm>
  );
}
