import { Copy } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';

/**
 * A secret the server shows once (an API key, an invitation link): selectable, with a copy button that
 * says when it worked, and a warning that it will not be shown again.
 */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch (error) {
      // Clipboard access can be refused (permissions, insecure origin): the value stays selectable.
      console.warn('copy to clipboard failed', error);
      setCopied('failed');
    }
  };
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm font-medium">{label}</p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <code
          data-testid="secret-once"
          className="min-w-0 flex-1 select-all break-all rounded-md border border-border bg-surface-muted p-2 font-mono text-xs"
        >
          {value}
        </code>
        <Button icon={Copy} variant="secondary" onClick={() => void copy()}>
          {t('secret.copy')}
        </Button>
      </div>
      <p role="status" className="text-sm text-text-muted">
        {copied === 'yes'
          ? t('secret.copied')
          : copied === 'failed'
            ? t('secret.copyFailed')
            : t('secret.once')}
      </p>
    </div>
  );
}
