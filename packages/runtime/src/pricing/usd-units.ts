/**
 * Money is computed in integer units of 10⁻⁸ USD (the ledger's `numeric(18, 8)`), as `bigint`, so sums
 * and products never drift the way binary floats do.
 */
export const USD_UNITS_PER_DOLLAR = 100_000_000n;

/** Converts a dollar amount (e.g. a price of `0.15`) to 10⁻⁸ USD units, rounding half away from zero. */
export function usdToUnits(amount: number): bigint {
  if (!Number.isFinite(amount)) throw new RangeError(`not a finite amount: ${amount}`);
  const [whole = '0', fraction = ''] = Math.abs(amount).toFixed(8).split('.');
  const units = BigInt(whole) * USD_UNITS_PER_DOLLAR + BigInt(fraction.padEnd(8, '0'));
  return amount < 0 ? -units : units;
}

/** Exact decimal text of an amount in units, with 8 decimal places (`"0.00000150"`), for `numeric` columns. */
export function formatUsdUnits(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / USD_UNITS_PER_DOLLAR;
  const fraction = (magnitude % USD_UNITS_PER_DOLLAR).toString().padStart(8, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** The nearest JavaScript number to an amount in units (exact to 8 decimals for amounts under ~90 million USD). */
export function usdUnitsToNumber(units: bigint): number {
  return Number(units) / Number(USD_UNITS_PER_DOLLAR);
}

/** Sums dollar amounts without float drift: each is taken to 8 decimals and added as integers. */
export function sumUsd(amounts: readonly number[]): number {
  let total = 0n;
  for (const amount of amounts) total += usdToUnits(amount);
  return usdUnitsToNumber(total);
}

/** Divides rounding half away from zero (bigint division truncates). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const absRemainder = remainder < 0n ? -remainder : remainder;
  if (absRemainder * 2n < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}
