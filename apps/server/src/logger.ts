import type { LoggerOptions } from 'pino';

/** Paths pino must never print: credentials, tokens and passwords wherever they appear. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'password',
  'refresh_token',
  'access_token',
  'secret',
  '*.password',
  '*.password_hash',
  '*.refresh_token',
  '*.access_token',
  '*.secret',
  '*.api_key',
  '*.jwtSecret',
];

/** Logger options of the server: structured JSON with request ids, secrets redacted. */
export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return { level: level ?? 'info', redact: { paths: redactPaths, censor: '[redacted]' } };
}
