import { z } from 'zod';

/** A UUID in canonical text form (any version). */
export const uuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

/** True when `value` is a UUID in canonical text form. */
export function isUuid(value: string): boolean {
  return uuidSchema.safeParse(value).success;
}

/**
 * ISO-8601 UTC timestamp as sent on the wire, in the years 1000 to 9999: Postgres has no year 0 (it
 * refused `0000-...` with a 500), and Drizzle reads a year below 100 back through `Date`'s legacy
 * parser as 19xx or 20xx (`0001-01-01` was stored and answered as `2001-01-01`).
 */
export const timestampSchema = z.iso
  .datetime()
  .refine((value) => value.slice(0, 4) >= '1000', 'must be a date between the years 1000 and 9999');

/** Query parameters of a cursor-paginated list. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A page of a list: the items and the cursor of the next page, or null at the end. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Wire shape of an error, for OpenAPI. */
export const errorBodySchema = z
  .object({ error: z.string(), code: z.string() })
  .catchall(z.unknown())
  .meta({ id: 'Error' });

/** Path parameters holding one id. */
export const idParamsSchema = z.object({ id: z.string() });
