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
