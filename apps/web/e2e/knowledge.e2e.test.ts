import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { api, e2eSuite, logInThroughUi, screenshot, viewports } from './harness.ts';
import { layoutProblems } from './layout.ts';

/** A one-page PDF built here (pdf-lib), holding the answer the question asks for. */
async function warrantyPdf(): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText('Garantia estendida', { x: 50, y: 780, size: 24, font });
  page.drawText('A garantia estendida do liquidificador Turbo dura dezoito meses.', {
    x: 50,
    y: 740,
    size: 11,
    font,
  });
  return Buffer.from(await pdf.save()).toString('base64');
}

/** 1,500 short sections: as many chunks, indexed in 24 batches (a bar with room to move). */
const longCatalogue = Array.from(
  { length: 1500 },
  (_, index) => `## Item ${index + 1}\n\nO item ${index + 1} do catálogo vem em uma caixa azul.`,
).join('\n\n');

const markdown = '# Horários\n\nA loja abre às nove horas e fecha às dezoito horas, de segunda a sábado.\n';

// A local web page, allowed through the egress guard for this server only (its loopback port).
const pageServer = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(
    '<html><head><title>Entrega</title></head><body><h1>Entrega</h1><p>A entrega em Curitiba leva dois dias úteis.</p></body></html>',
  );
});
await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
const pagePort = (pageServer.address() as AddressInfo).port;
afterAll(() => new Promise<void>((resolve) => pageServer.close(() => resolve())));

/** Drops files on the drop zone as a person's drag and drop does (a DataTransfer with File objects). */
async function dropFiles(page: Page, files: Array<{ name: string; type: string; base64: string }>) {
  const zone = await page.getByTestId('drop-zone').elementHandle();
  const transfer = await page.evaluateHandle((items) => {
    const data = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0));
      data.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return data;
  }, files);
  await zone?.dispatchEvent('drop', { dataTransfer: transfer });
}

describe('knowledge bases in the browser (issue 10, "done when")', () => {
  const suite = e2eSuite({ RENUM_EGRESS_ALLOW: `127.0.0.1:${pagePort}` });

  it('creates a base, drops a PDF and a Markdown file, adds a local page, searches, attaches it to the demo agent, gets the PDF cited and stores a thumbs-down', async () => {
    const { context, page } = await suite.openPage();
    try {
      await logInThroughUi(page, suite.server.demo);
      await page.getByRole('link', { name: 'Knowledge' }).first().click();
      await page.getByRole('heading', { name: 'Knowledge' }).waitFor();
      await page.getByRole('button', { name: 'New knowledge base' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Manual da loja');
      await dialog.getByRole('button', { name: 'New knowledge base' }).click();
      await page.getByRole('heading', { name: 'Manual da loja' }).waitFor();
      // No embedding provider on this server: the page says the base is searched by words only.
      await page.getByTestId('lexical-only-notice').waitFor();
      const baseId = new URL(page.url()).pathname.split('/').at(-1)!;

      await dropFiles(page, [
        { name: 'garantia.pdf', type: 'application/pdf', base64: await warrantyPdf() },
        { name: 'horarios.md', type: 'text/markdown', base64: Buffer.from(markdown).toString('base64') },
      ]);
      await page.locator('[data-testid="upload-row"][data-state="uploaded"]').nth(1).waitFor();
      await page.getByLabel('Address (https://…)').fill(`http://127.0.0.1:${pagePort}/entrega`);
      await page.getByRole('button', { name: 'Add the page' }).click();
      // All three become ready (their bars move with the WebSocket's knowledge_progress frames).
      await page.locator('[data-testid="document-row"]').nth(2).waitFor();
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="document-row"]')].every(
            (row) => row.getAttribute('data-status') === 'ready',
          ),
        undefined,
        { timeout: 30_000 },
      );
      await page.getByLabel('Question or words').fill('garantia estendida liquidificador');
      await page.locator('#main').getByRole('button', { name: 'Search', exact: true }).click();
      const hit = page.getByTestId('search-hit').first();
      await hit.waitFor();
      expect(await hit.textContent()).toContain('dezoito meses');
      expect(await hit.textContent()).toContain('found by words');
      await screenshot(page, 'knowledge-base', 'desktop');
      expect(await axeViolations(page)).toEqual([]);
      // At a phone's width the page keeps to the screen (the tables scroll inside their own box).
      await page.setViewportSize(viewports.phone);
      await screenshot(page, 'knowledge-base', 'phone');
      // Nothing sideways: not the page, nor a table past its card (the usage table's counts behind the
      // web page's address), nor a label out of its button.
      expect(await layoutProblems(page)).toEqual([]);
      await page.setViewportSize(viewports.desktop);

      // Attach the base to the demo agent in its editor.
      const agents = await api<{ data: Array<{ id: string; name: string }> }>(
        page,
        'GET',
        '/v1/agents?limit=100',
      );
      const demo = agents.data.find((agent) => agent.name === 'Atendimento Renum')!;
      await page.goto(`/agents/${demo.id}`);
      const attachments = page.getByTestId('knowledge-attachments');
      await attachments.getByRole('button', { name: 'Attach a knowledge base' }).click();
      await attachments.getByRole('button', { name: 'Save knowledge bases' }).click();
      await page.getByText('Knowledge bases saved.', { exact: true }).waitFor();

      // Ask in the playground: the answer lists the PDF as a numbered source, which opens its passage.
      await page.goto(`/playground?agent=${demo.id}`);
      await page.getByRole('button', { name: 'New conversation' }).click();
      await page.waitForURL(/conversation=/);
      await page.getByLabel('Message').fill('Quanto tempo dura a garantia estendida do liquidificador?');
      await page.getByRole('button', { name: 'Send' }).click();
      const answer = page.locator('[data-testid="answer"][data-state="completed"]').first();
      await answer.waitFor({ timeout: 30_000 });
      // At a phone's width the playground keeps to the screen: the conversation's title (its first
      // message) is cut short in the list instead of widening the page.
      await page.setViewportSize(viewports.phone);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewports.phone.width,
      );
      await page.setViewportSize(viewports.desktop);
      const citation = answer.getByTestId('citation').first();
      expect(await citation.textContent()).toContain('garantia.pdf');
      await citation.click();
      const passage = page.getByTestId('citation-passage');
      await passage.waitFor();
      expect(await passage.textContent()).toContain('dezoito meses');
      expect(
        await page.getByRole('link', { name: 'Open the document’s knowledge base' }).getAttribute('href'),
      ).toContain(`/knowledge/${baseId}`);
      await screenshot(page, 'citation', 'desktop');
      await page.keyboard.press('Escape');
      await answer.getByRole('button', { name: 'Bad answer' }).click();
      await answer.getByText('Thanks, your feedback was stored.').waitFor();
      // Reopened, the conversation shows the stored vote pressed (it came back unpressed before).
      await page.reload();
      const reopened = page.locator('[data-testid="answer"][data-state="completed"]').first();
      await reopened.waitFor({ timeout: 30_000 });
      const pressed = reopened.getByRole('button', { name: 'Bad answer' });
      await expect.poll(() => pressed.getAttribute('aria-pressed')).toBe('true');
      expect(await reopened.getByRole('button', { name: 'Good answer' }).getAttribute('aria-pressed')).toBe(
        'false',
      );

      // The thumbs-down is stored, against the chunks the answer used.
      const usage = await api<{ disliked_chunks: Array<{ document_title: string; down: number }> }>(
        page,
        'GET',
        `/v1/knowledge-bases/${baseId}/usage`,
      );
      expect(
        usage.disliked_chunks.some((chunk) => chunk.document_title === 'garantia.pdf' && chunk.down === 1),
      ).toBe(true);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("moves a document's bar from WebSocket frames while it is indexed, reading the list no more than around it", async () => {
    const { context, page } = await suite.openPage();
    try {
      const listReads: number[] = [];
      let baseId = '';
      page.on('request', (request) => {
        if (request.method() === 'GET' && request.url().includes(`/v1/knowledge-bases/${baseId}/documents`)) {
          listReads.push(Date.now());
        }
      });
      await logInThroughUi(page, suite.server.demo);
      const base = await api<{ id: string }>(page, 'POST', '/v1/knowledge-bases', {
        name: 'Catálogo longo',
        chunk_target_tokens: 50,
        chunk_overlap_tokens: 0,
      });
      baseId = base.id;
      // The page's WebSocket must be open before the file goes in (without it the page polls instead).
      let progressFrames = 0;
      const frameTimes: number[] = [];
      // Only the knowledge page's own socket: the dashboard's may open late, say "connected" and then close
      // with the navigation below, which let the drop start before the page's socket was up (0 frames seen).
      const connected = new Promise<void>((resolve) =>
        page.on('websocket', (socket) => {
          if (!page.url().includes(`/knowledge/${baseId}`)) return;
          socket.on('framereceived', (frame) => {
            const payload = String(frame.payload);
            if (payload.includes('"knowledge_progress"')) {
              progressFrames++;
              frameTimes.push(Date.now());
            }
            if (payload.includes('"connected"')) resolve();
          });
        }),
      );
      await page.goto(`/knowledge/${baseId}`);
      await page.getByRole('heading', { name: 'Catálogo longo' }).waitFor();
      await connected;
      // Samples the bar on every animation frame: each value it shows, with when it showed it.
      await page.evaluate(() => {
        const seen: Array<{ value: number; at: number }> = [];
        (window as unknown as { barValues: typeof seen }).barValues = seen;
        const sample = () => {
          const bar = document.querySelector<HTMLProgressElement>('progress[aria-label^="Indexing of"]');
          if (bar && bar.value !== seen.at(-1)?.value) seen.push({ value: bar.value, at: Date.now() });
          requestAnimationFrame(sample);
        };
        sample();
      });
      await dropFiles(page, [
        { name: 'catalogo.md', type: 'text/markdown', base64: Buffer.from(longCatalogue).toString('base64') },
      ]);
      await page.locator('[data-testid="document-row"][data-status="ready"]').waitFor({ timeout: 90_000 });
      const values = await page.evaluate(
        () => (window as unknown as { barValues: Array<{ value: number; at: number }> }).barValues,
      );
      const moving = values.filter((sample) => sample.value > 0 && sample.value < 100);
      // Every committed batch of 64 chunks sent a frame (with the start, the count and the end).
      expect(progressFrames).toBeGreaterThanOrEqual(Math.ceil(1500 / 64));
      expect(new Set(moving.map((sample) => sample.value)).size).toBeGreaterThanOrEqual(2);
      const first = moving[0]?.at ?? 0;
      const last = moving.at(-1)?.at ?? 0;
      // While the bar moved, the page read the document list not once: the frames moved it.
      expect(listReads.filter((at) => at > first && at < last)).toEqual([]);
      expect(last - first).toBeGreaterThan(0);
      await screenshot(page, 'knowledge-live-progress', 'desktop');
      await page.setViewportSize(viewports.phone);
      await screenshot(page, 'knowledge-live-progress', 'phone');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
