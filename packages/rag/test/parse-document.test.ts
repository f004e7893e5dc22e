import { describe, expect, it } from 'vitest';
import { DocumentParseError, parseDocument, sniffDocumentFormat } from '../src/index.ts';
import {
  csvPlans,
  docxWithTable,
  htmlWithNavigation,
  jsonFaq,
  markdownGuide,
  twoPagePdf,
} from './fixtures.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function parse(bytes: Uint8Array, fileName?: string) {
  const format = await sniffDocumentFormat({ bytes, fileName });
  return { format, document: await parseDocument({ bytes, format }) };
}

describe('parseDocument', () => {
  it('reads a two-page PDF with its headings and pages', async () => {
    const { format, document } = await parse(await twoPagePdf(), 'policy.txt');
    expect(format).toBe('pdf');
    expect(document.title).toBe('Refund policy');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Refund policy', page: 1 },
      {
        kind: 'paragraph',
        text: 'Customers may ask for a refund within 30 days of purchase. Refunds go back to the original card.',
        page: 1,
      },
      { kind: 'heading', level: 1, text: 'Shipping times', page: 2 },
      {
        kind: 'paragraph',
        text: 'Orders ship within two business days from the Curitiba warehouse.',
        page: 2,
      },
    ]);
  });

  it('reads a DOCX with its heading and table header', async () => {
    const { format, document } = await parse(await docxWithTable(), 'prices.pdf');
    expect(format).toBe('docx');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Price list' },
      { kind: 'paragraph', text: 'Prices in reais, taxes included.' },
      {
        kind: 'table',
        header: '| Plan | Monthly price |',
        rows: ['| Starter | R$ 49 |', '| Business | R$ 199 |'],
      },
    ]);
  });

  it('reads HTML without its navigation, scripts, banner and footer', async () => {
    const { format, document } = await parse(utf8(htmlWithNavigation), 'page.txt');
    expect(format).toBe('html');
    expect(document.title).toBe('Support hours');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Support hours' },
      { kind: 'paragraph', text: 'Our team answers from 8 am to 6 pm, Monday to Friday.' },
      { kind: 'heading', level: 2, text: 'Holidays' },
      { kind: 'list', text: "- Closed on Christmas\n- Half day on New Year's Eve" },
    ]);
    expect(JSON.stringify(document)).not.toMatch(/Pricing|window\.track|banner|Privacy/);
  });

  it('reads Markdown headings, tables, code and lists', async () => {
    const { format, document } = await parse(utf8(markdownGuide));
    expect(format).toBe('markdown');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Install guide' },
      { kind: 'paragraph', text: 'Run the installer and follow the prompts.' },
      { kind: 'heading', level: 2, text: 'Requirements' },
      { kind: 'table', header: '| Component | Minimum |', rows: ['| Memory | 4 GB |', '| Disk | 10 GB |'] },
      { kind: 'code', text: 'npm install renum' },
      { kind: 'list', text: '- Node 24\n- Postgres 15' },
    ]);
  });

  it('reads CSV as a table with its header, and JSON as key paths', async () => {
    const csv = await parse(utf8(csvPlans), 'plans.csv');
    expect(csv.format).toBe('csv');
    expect(csv.document.blocks).toEqual([
      {
        kind: 'table',
        header: '| plan | price | seats |',
        rows: ['| Starter | 49 | 1 |', '| Business | 199 | 10 |', '| Enterprise | 999 | 100 |'],
      },
    ]);
    const json = await parse(utf8(jsonFaq), 'faq.txt');
    expect(json.format).toBe('json');
    expect(json.document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'faq' },
      { kind: 'paragraph', text: 'question: Do you ship abroad?\nanswer: Only to Mercosur countries.' },
      { kind: 'paragraph', text: 'question: Can I pay by boleto?\nanswer: Yes, boleto and Pix.' },
      { kind: 'heading', level: 1, text: 'company' },
      { kind: 'paragraph', text: 'name: Acme\ncity: Curitiba' },
    ]);
  });

  it('fails a corrupt PDF, a truncated DOCX and binary content with a readable reason', async () => {
    const pdf = await twoPagePdf();
    const corruptPdf = pdf.slice(0, 400);
    await expect(parse(corruptPdf)).rejects.toSatisfy(
      (error) => DocumentParseError.isInstance(error) && error.reason === 'corrupt',
    );
    const docx = await docxWithTable();
    const truncated = docx.slice(0, Math.floor(docx.length / 2));
    await expect(parse(truncated, 'x.docx')).rejects.toSatisfy((error) =>
      DocumentParseError.isInstance(error),
    );
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    await expect(sniffDocumentFormat({ bytes: png, fileName: 'notes.txt' })).rejects.toSatisfy(
      (error) => DocumentParseError.isInstance(error) && error.reason === 'unsupported',
    );
    const compound = new Uint8Array(512);
    compound.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(sniffDocumentFormat({ bytes: compound, fileName: 'locked.docx' })).rejects.toSatisfy(
      (error) => DocumentParseError.isInstance(error) && error.reason === 'encrypted',
    );
  });

  it('trusts content over the extension: a text file named .pdf is text', async () => {
    expect(await sniffDocumentFormat({ bytes: utf8('just some notes'), fileName: 'fake.pdf' })).toBe('text');
  });
});
