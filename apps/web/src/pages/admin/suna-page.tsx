import type { SunaSettings, UpdateSunaSettings } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Select } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from './form-error.tsx';

const healthTone = { ok: 'success', unavailable: 'danger', not_configured: 'neutral' } as const;

/** A text field's change: empty clears the admin's value (back to the environment's), else the value. */
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function HealthCheck() {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const check = useMutation({ mutationFn: () => api.admin.suna.health() });
  return (
    <Card title={t('suna.health.title')}>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" busy={check.isPending} onClick={() => check.mutate()}>
          {t('suna.health.check')}
        </Button>
        <output aria-live="polite" className="flex flex-wrap items-center gap-2 text-sm">
          {check.data ? (
            <>
              <Badge tone={healthTone[check.data.status]}>{t(`suna.health.${check.data.status}`)}</Badge>
              {check.data.latency_ms !== null ? (
                <span>{t('suna.health.latency', { ms: formatNumber(check.data.latency_ms) })}</span>
              ) : null}
              {check.data.error ? <span className="text-danger">{check.data.error}</span> : null}
            </>
          ) : null}
          {check.error ? <span className="text-danger">{describeError(check.error, t)}</span> : null}
        </output>
      </div>
    </Card>
  );
}

function SecretField({
  label,
  set,
  value,
  onChange,
  clear,
  onClear,
}: {
  label: string;
  set: boolean;
  value: string;
  onChange(value: string): void;
  clear: boolean;
  onClear(clear: boolean): void;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-2">
      <Field label={label} hint={set ? t('suna.secret.set') : t('suna.secret.notSet')}>
        <Input
          type="password"
          autoComplete="off"
          value={value}
          disabled={clear}
          placeholder={set ? '••••••••' : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      </Field>
      {set ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={clear} onChange={(event) => onClear(event.target.checked)} />
          {t('suna.secret.clear')}
        </label>
      ) : null}
    </div>
  );
}

function SettingsForm({ settings }: { settings: SunaSettings }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(settings.url ?? '');
  const [toolsUrl, setToolsUrl] = useState(settings.tools_url ?? '');
  const [apiKey, setApiKey] = useState('');
  const [jwt, setJwt] = useState('');
  const [clearKey, setClearKey] = useState(false);
  const [clearJwt, setClearJwt] = useState(false);
  const [provider, setProvider] = useState(settings.instance_provider);
  const [image, setImage] = useState(settings.docker_image ?? '');
  const [network, setNetwork] = useState(settings.docker_network ?? '');
  const save = useMutation({
    mutationFn: () => {
      const input: UpdateSunaSettings = {
        url: orNull(url),
        tools_url: orNull(toolsUrl),
        instance_provider: provider,
        docker_image: orNull(image),
        docker_network: orNull(network),
      };
      if (clearKey) input.api_key = null;
      else if (apiKey.trim()) input.api_key = apiKey.trim();
      if (clearJwt) input.jwt = null;
      else if (jwt.trim()) input.jwt = jwt.trim();
      return api.admin.suna.update(input);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['admin', 'suna'], saved);
      setApiKey('');
      setJwt('');
      setClearKey(false);
      setClearJwt(false);
      toast({ title: t('suna.saved'), tone: 'success' });
    },
  });
  return (
    <Card title={t('suna.connection')}>
      <p className="mb-4 text-sm text-text-muted">{t(`suna.source.${settings.source}`)}</p>
      <form
        className="grid gap-4 md:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label={t('suna.url')} hint={t('suna.urlHint')}>
          <Input type="url" inputMode="url" value={url} onChange={(event) => setUrl(event.target.value)} />
        </Field>
        <Field label={t('suna.toolsUrl')} hint={t('suna.toolsUrlHint')}>
          <Input
            type="url"
            inputMode="url"
            value={toolsUrl}
            onChange={(event) => setToolsUrl(event.target.value)}
          />
        </Field>
        <SecretField
          label={t('suna.apiKey')}
          set={settings.api_key_set}
          value={apiKey}
          onChange={setApiKey}
          clear={clearKey}
          onClear={setClearKey}
        />
        <SecretField
          label={t('suna.jwt')}
          set={settings.jwt_set}
          value={jwt}
          onChange={setJwt}
          clear={clearJwt}
          onClear={setClearJwt}
        />
        <Field label={t('suna.provider')} hint={t('suna.providerHint')}>
          <Select
            value={provider}
            onChange={(event) => setProvider(event.target.value as SunaSettings['instance_provider'])}
          >
            <option value="static">{t('suna.provider.static')}</option>
            <option value="docker">{t('suna.provider.docker')}</option>
          </Select>
        </Field>
        {provider === 'docker' ? (
          <>
            <Field label={t('suna.dockerImage')}>
              <Input value={image} onChange={(event) => setImage(event.target.value)} />
            </Field>
            <Field label={t('suna.dockerNetwork')}>
              <Input value={network} onChange={(event) => setNetwork(event.target.value)} />
            </Field>
          </>
        ) : null}
        <FormError error={save.error} className="md:col-span-2" />
        <div className="md:col-span-2">
          <Button type="submit" busy={save.isPending}>
            {t('suna.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

/**
 * The admin console's Suna section: the connection the `suna` executor uses (URL, API key, service JWT,
 * tools URL, instance provider), changed without a restart, secrets shown only as set or not set, and
 * the health check of Suna's `GET /v1/health`.
 */
export function AdminSunaPage() {
  const { t } = useI18n();
  const api = useApi();
  const settings = useQuery({
    queryKey: ['admin', 'suna'],
    queryFn: ({ signal }) => api.admin.suna.settings({ signal }),
  });
  return (
    <>
      <PageHeader title={t('admin.nav.suna')} description={t('suna.description')} />
      <div className="flex flex-col gap-4">
        <QueryState query={settings}>
          {(data) => <SettingsForm key={data.updated_at ?? 'none'} settings={data} />}
        </QueryState>
        <HealthCheck />
      </div>
    </>
  );
}
