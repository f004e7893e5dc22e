// Runs under whatever `node` the machine has (Node 20 on a fresh machine): plain JS only.

/**
 * npm's stderr without its `EBADENGINE` warnings, which every first install on the machine's Node 20 prints
 * (the packages ask for Node 22 or newer): the scripts run on the Node 24 this install brings, never on the
 * machine's. One line says they were left out; every other line is kept.
 */
export function withoutEngineWarnings(stderr, nodeVersion = process.version) {
  const lines = stderr.split('\n');
  const kept = lines.filter((line) => !line.startsWith('npm warn EBADENGINE'));
  if (kept.length === lines.length) return stderr;
  const warnings = lines.filter((line) => line.startsWith('npm warn EBADENGINE Unsupported engine')).length;
  const note = `[renum] ${warnings} EBADENGINE warnings of npm left out: these packages need Node 22 or newer, and every script runs on the project's Node 24 (node_modules/.bin/node), not on this machine's ${nodeVersion}`;
  const text = kept.join('\n');
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${note}\n`;
}
