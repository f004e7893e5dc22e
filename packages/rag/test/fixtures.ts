import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A two-page PDF: a large heading and a paragraph on page 1, another heading and paragraph on page 2. */
export async function twoPagePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages: Array<[string, string[]]> = [
    [
      'Refund policy',
      ['Customers may ask for a refund within 30 days of purchase.', 'Refunds go back to the original card.'],
    ],
    ['Shipping times', ['Orders ship within two business days from the Curitiba warehouse.']],
  ];
  for (const [heading, lines] of pages) {
    const page = pdf.addPage([595, 842]);
    page.drawText(heading, { x: 50, y: 780, size: 24, font });
    for (const [index, line] of lines.entries()) {
      page.drawText(line, { x: 50, y: 740 - index * 14, size: 11, font });
    }
  }
  return pdf.save();
}

/** A Word document with a heading, a paragraph and a two-column table. */
export async function docxWithTable(): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Price list', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Prices in reais, taxes included.'),
          new Table({
            rows: [
              new TableRow({ children: [cell('Plan'), cell('Monthly price')] }),
              new TableRow({ children: [cell('Starter'), cell('R$ 49')] }),
              new TableRow({ children: [cell('Business'), cell('R$ 199')] }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

export const htmlWithNavigation = `<!doctype html><html><head><title>Support hours</title>
<script>window.track = 1</script><style>body{}</style></head><body>
<nav><a href="/">Home</a><a href="/pricing">Pricing</a><a href="/login">Log in</a></nav>
<header><p>Acme banner: free shipping!</p></header>
<main><h1>Support hours</h1><p>Our team answers from 8 am to 6 pm, Monday to Friday.</p>
<h2>Holidays</h2><ul><li>Closed on Christmas</li><li>Half day on New Year's Eve</li></ul></main>
<footer>© Acme · Privacy · Terms</footer></body></html>`;

export const markdownGuide = `# Install guide

Run the installer and follow the prompts.

## Requirements

| Component | Minimum |
| --- | --- |
| Memory | 4 GB |
| Disk | 10 GB |

\`\`\`sh
npm install renum
\`\`\`

- Node 24
- Postgres 15
`;

export const csvPlans = 'plan,price,seats\nStarter,49,1\nBusiness,199,10\nEnterprise,999,100\n';

export const jsonFaq = JSON.stringify({
  faq: [
    { question: 'Do you ship abroad?', answer: 'Only to Mercosur countries.' },
    { question: 'Can I pay by boleto?', answer: 'Yes, boleto and Pix.' },
  ],
  company: { name: 'Acme', city: 'Curitiba' },
});
