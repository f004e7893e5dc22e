const secretKey = /(pass(word)?|secret|token|api[_-]?key|authorization|credential|private[_-]?key)/i;

/** The arguments with the values of secret-looking keys replaced, at any depth: what approvers and events show. */
export function maskArguments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskArguments);
  if (value === null || typeof value !== 'object') return value;
  const masked: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    masked[key] = secretKey.test(key) ? '••••' : maskArguments(inner);
  return masked;
}
