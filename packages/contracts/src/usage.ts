import { z } from 'zod';
import { timestampSchema } from './common.ts';

/** Query of `GET /v1/usage`: a half-open range [from, to) and a grouping. */
export const usageQuerySchema = z
  .object({
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    group_by: z.enum(['agent', 'model', 'day', 'tool']).default('day'),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: 'from must be before to',
    path: ['from'],
  });
export type UsageQuery = z.infer<typeof usageQuerySchema>;

const usageFiguresSchema = z.object({
  calls: z.number().int(),
  tokens_input: z.number().int(),
  tokens_output: z.number().int(),
  total_tokens: z.number().int(),
  cost_usd: z.number(),
});

/** Answer of `GET /v1/usage`: totals over the range and one row per group. */
export const usageReportSchema = z
  .object({
    from: timestampSchema,
    to: timestampSchema,
    group_by: z.enum(['agent', 'model', 'day', 'tool']),
    totals: usageFiguresSchema,
    groups: z.array(usageFiguresSchema.extend({ key: z.string().nullable(), label: z.string().nullable() })),
  })
  .meta({ id: 'UsageReport' });
export type UsageReport = z.infer<typeof usageReportSchema>;

/**
 * Adds USD amounts given as decimal text (the API's and the ledger's 8 places) exactly, as integer
 * hundred-millionths of a dollar: floating point would drift over many small costs.
 */
export function sumUsd(amounts: readonly string[]): string {
  let total = 0n;
  for (const amount of amounts) {
    const [whole = '0', fraction = ''] = amount.trim().split('.');
    total += BigInt(whole || '0') * 100_000_000n + BigInt(fraction.padEnd(8, '0').slice(0, 8) || '0');
  }
  return `${total / 100_000_000n}.${(total % 100_000_000n).toString().padStart(8, '0')}`;
}
