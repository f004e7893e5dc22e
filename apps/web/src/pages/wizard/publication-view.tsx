import type { Publication } from '@renum/contracts';
import { Copy } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { AllowedOriginsEditor } from './allowed-origins-editor.tsx';

const linkClass =
  'inline-flex h-10 items-center rounded-md border border-border bg-surface-raised px-4 text-sm font-medium hover:bg-surface-muted';

function svgDownloadUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      icon={Copy}
      variant="secondary"
      size="sm"
      aria-label={label}
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? t('wizard.publication.copied') : t('wizard.publication.copy')}
    </Button>
  );
}

/** Every way to reach a published agent: link, QR code (download), widget snippet, WhatsApp set-up. */
export function PublicationView({ publication }: { publication: Publication }) {
  const { t } = useI18n();
  const { public_url: url, qr_code: qr } = publication;
  return (
    <div className="flex flex-col gap-4">
      {url ? (
        <Card title={t('wizard.publication.link')}>
          <div className="flex flex-wrap items-center gap-2">
            <a href={url} target="_blank" rel="noreferrer" className="break-all text-primary underline">
              {url}
            </a>
            <CopyButton text={url} label={t('wizard.publication.copyLink')} />
          </div>
        </Card>
      ) : (
        <Card>
          <p className="text-sm text-text-muted">{t('wizard.publication.private')}</p>
        </Card>
      )}
      {qr ? (
        <Card title={t('wizard.publication.qr')}>
          <div className="flex flex-col items-start gap-3 sm:flex-row sm:items-center">
            <img
              src={qr.png}
              alt={t('wizard.publication.qrAlt', { url: url ?? '' })}
              className="size-40 bg-white"
            />
            <div className="flex flex-wrap gap-2">
              <a className={linkClass} href={qr.png} download={`${publication.slug}-qr.png`}>
                {t('wizard.publication.downloadPng')}
              </a>
              <a className={linkClass} href={svgDownloadUrl(qr.svg)} download={`${publication.slug}-qr.svg`}>
                {t('wizard.publication.downloadSvg')}
              </a>
            </div>
          </div>
        </Card>
      ) : null}
      {publication.embed_snippet ? (
        <Card title={t('wizard.publication.widget')}>
          <Field label={t('wizard.publication.snippet')} hint={t('wizard.publication.snippetHint')}>
            <Textarea readOnly value={publication.embed_snippet} rows={2} className="font-mono text-xs" />
          </Field>
          <div className="mt-2">
            <CopyButton text={publication.embed_snippet} label={t('wizard.publication.copySnippet')} />
          </div>
          <div className="mt-4">
            <AllowedOriginsEditor agent={publication.agent} />
          </div>
        </Card>
      ) : null}
      {publication.whatsapp_webhook_url ? (
        <Card title={t('wizard.publication.whatsapp')}>
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            <li>{t('wizard.publication.whatsapp1')}</li>
            <li>
              {t('wizard.publication.whatsapp2')}{' '}
              <code className="break-all rounded bg-surface-muted px-1">
                {publication.whatsapp_webhook_url}
              </code>
            </li>
            <li>{t('wizard.publication.whatsapp3')}</li>
            <li>{t('wizard.publication.whatsapp4')}</li>
          </ol>
        </Card>
      ) : null}
    </div>
  );
}
