import { z } from 'zod';

/**
 * Answer of `GET /v1/admin/executors/suna/health`: whether this deployment has Suna configured and, if so,
 * whether Suna's `GET /v1/health` answered `ok`, how fast, or why not.
 */
export const executorHealthSchema = z
  .object({
    executor: z.literal('suna'),
    status: z.enum(['ok', 'unavailable', 'not_configured']),
    latency_ms: z.number().int().min(0).nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'ExecutorHealth' });
export type ExecutorHealth = z.infer<typeof executorHealthSchema>;
