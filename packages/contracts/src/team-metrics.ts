import { z } from 'zod';

/** Usage of a team step or a team execution, summed from its ledger rows. */
export const teamUsageMetricsSchema = z.object({
  tokens_input: z.number().int().min(0),
  tokens_output: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
  model_calls: z.number().int().min(0),
  tool_calls: z.number().int().min(0),
});
export type TeamUsageMetrics = z.infer<typeof teamUsageMetricsSchema>;

/** Cost of a team step or a team execution in USD (8 decimal places, as text: exact). */
export const teamCostMetricsSchema = z.object({ cost_usd: z.string() });
export type TeamCostMetrics = z.infer<typeof teamCostMetricsSchema>;
