/**
 * Settings a test harness or benchmark must not pass on to a Renum server it starts: they would
 * choose that server's database, data directory, demo seed, default model or provider keys, and so
 * make the run depend on the shell it was started from.
 */
export const serverSelectingVariables = [
  'DATABASE_URL',
  'RENUM_DATA_DIR',
  'RENUM_SEED_DEMO',
  'RENUM_DEFAULT_MODEL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL',
] as const;

/**
 * The environment for a child process a harness starts (a server under test, a fake upstream): this
 * process's environment (PATH, HOME, CI…) without {@link serverSelectingVariables}, plus `overrides`.
 * Kept here so that the config package stays the one reader of `process.env`.
 */
export function childProcessEnvironment(
  overrides: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of serverSelectingVariables) delete inherited[name];
  return { ...inherited, ...overrides };
}
