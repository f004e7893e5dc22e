import type { DocumentErrorCode, KnowledgeDocument } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages-en.ts';

const errorMessages: Readonly<Record<DocumentErrorCode, MessageKey>> = {
  unsupported_format: 'knowledge.doc.error.unsupported_format',
  corrupt: 'knowledge.doc.error.corrupt',
  encrypted: 'knowledge.doc.error.encrypted',
  empty: 'knowledge.doc.error.empty',
  too_large: 'knowledge.doc.error.too_large',
  fetch_unavailable: 'knowledge.doc.error.fetch_unavailable',
  fetch_blocked: 'knowledge.doc.error.fetch_blocked',
  fetch_unreachable: 'knowledge.doc.error.fetch_unreachable',
  fetch_http_error: 'knowledge.doc.error.fetch_http_error',
  embedding_unavailable: 'knowledge.doc.error.embedding_unavailable',
  embedding_failed: 'knowledge.doc.error.embedding_failed',
};

/**
 * Why a document failed, in the page's language from its `error_code`; the server's English detail stays
 * as the tooltip. A failure without a code (stored before codes existed) or with one this page does not
 * know (a newer server) shows the stored text.
 */
export function DocumentError({ document }: { document: Pick<KnowledgeDocument, 'error' | 'error_code'> }) {
  const { t } = useI18n();
  const code = document.error_code;
  const key = code && Object.hasOwn(errorMessages, code) ? errorMessages[code] : null;
  if (!key && !document.error) return null;
  return (
    <span
      role="alert"
      className="text-xs text-danger"
      data-testid="document-error"
      title={key ? (document.error ?? undefined) : undefined}
    >
      {key ? t(key) : document.error}
    </span>
  );
}
