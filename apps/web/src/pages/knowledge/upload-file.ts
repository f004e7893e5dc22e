import type { KnowledgeDocument } from '@renum/contracts';
import { RenumApiError, type RenumClient } from '@renum/sdk';

/** What the server answered for one uploaded file. */
export interface UploadResult {
  document: KnowledgeDocument;
  /** False when identical content was already in the base (nothing new is indexed). */
  created: boolean;
}

/** Options of {@link uploadWithProgress}. */
export interface UploadOptions {
  client: RenumClient;
  knowledgeBaseId: string;
  file: File;
  /** Replaces this document instead of adding one (`PUT …/documents/{id}`). */
  replaceDocumentId?: string;
  /** Called with the share of the body sent, 0 to 100. */
  onProgress(percent: number): void;
  /** Where the API is (`''`: the page's origin). */
  baseUrl?: string;
}

/**
 * Uploads one file as multipart through `XMLHttpRequest`, whose upload events report the bytes sent
 * (fetch has no upload progress in browsers). The session's access token is sent as the SDK sends it;
 * a 401 rotates the refresh token once through the SDK and retries.
 */
export async function uploadWithProgress(options: UploadOptions): Promise<UploadResult> {
  const first = await send(options, options.client.transport.store.load()?.accessToken);
  if (first.status !== 401) return settle(first);
  const tokens = await options.client.transport.refresh(options.client.transport.store.load()?.accessToken);
  if (!tokens) return settle(first);
  return settle(await send(options, tokens.accessToken));
}

interface RawAnswer {
  status: number;
  text: string;
}

function send(options: UploadOptions, accessToken: string | undefined): Promise<RawAnswer> {
  const base = `${options.baseUrl ?? ''}/v1/knowledge-bases/${encodeURIComponent(options.knowledgeBaseId)}/documents`;
  const url = options.replaceDocumentId ? `${base}/${encodeURIComponent(options.replaceDocumentId)}` : base;
  const form = new FormData();
  form.append('file', options.file, options.file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(options.replaceDocumentId ? 'PUT' : 'POST', url);
    if (accessToken) request.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    request.responseType = 'text';
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0)
        options.onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    });
    request.addEventListener('load', () => resolve({ status: request.status, text: request.responseText }));
    request.addEventListener('error', () => reject(new Error('The upload could not reach the server')));
    request.addEventListener('abort', () => reject(new Error('The upload was cancelled')));
    request.send(form);
  });
}

async function settle(answer: RawAnswer): Promise<UploadResult> {
  if (answer.status >= 200 && answer.status < 300) {
    const body = JSON.parse(answer.text) as UploadResult | KnowledgeDocument;
    // Adding answers `{ document, created }`; replacing answers the document itself.
    return 'document' in body ? body : { document: body, created: true };
  }
  // The SDK reads the error shape (`{ error: { code, message, details } }`) as it does for fetch.
  throw await RenumApiError.fromResponse(
    new Response(answer.text, { status: answer.status, headers: { 'content-type': 'application/json' } }),
  );
}
