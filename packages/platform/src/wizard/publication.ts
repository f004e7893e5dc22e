import type { Publication } from '@renum/contracts';
import type { agents } from '@renum/db';
import QRCode from 'qrcode';
import { agentToWire } from '../agents/agent-tools.ts';
import type { PlatformDeps } from '../platform-deps.ts';

type AgentRow = typeof agents.$inferSelect;

/** The public URL as a QR code, as an SVG document and a PNG data URL (error correction M). */
export async function qrCodeOf(url: string): Promise<{ svg: string; png: string }> {
  const options = { errorCorrectionLevel: 'M', margin: 2 } as const;
  const [svg, png] = await Promise.all([
    QRCode.toString(url, { ...options, type: 'svg' }),
    QRCode.toDataURL(url, { ...options, type: 'image/png', width: 512 }),
  ]);
  return { svg, png };
}

/** The snippet a client pastes into its site to show the agent's chat bubble. */
export function embedSnippetOf(deps: PlatformDeps, slug: string): string {
  return `<script src="${deps.publicUrl}/widget.js" data-agent="${slug}" async></script>`;
}

/** What publishing answers: the agent and every way to reach it. */
export async function publicationOf(deps: PlatformDeps, row: AgentRow): Promise<Publication> {
  const reachable = row.status === 'active' && row.is_public && row.public_url !== null;
  return {
    agent: agentToWire(row),
    slug: row.slug,
    public_url: reachable ? row.public_url : null,
    qr_code: reachable && row.public_url ? await qrCodeOf(row.public_url) : null,
    embed_snippet: reachable ? embedSnippetOf(deps, row.slug) : null,
    whatsapp_webhook_url:
      row.channel === 'whatsapp' ? `${deps.publicUrl}/v1/channels/whatsapp/webhook` : null,
  };
}
