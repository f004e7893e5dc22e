/**
 * True when `error` (a driver error, or Drizzle's query error wrapping it as `cause`) is a unique-index
 * violation (SQLSTATE 23505); with `index`, only a violation of that index (by the constraint's name, or
 * the message where the driver gives no name).
 */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  const wrapped = error as { cause?: unknown } | null | undefined;
  const cause = (wrapped?.cause ?? error) as { code?: string; constraint?: string; message?: string } | null;
  if (cause?.code !== '23505') return false;
  if (index === undefined) return true;
  return cause.constraint === index || String(cause.message ?? '').includes(index);
}
