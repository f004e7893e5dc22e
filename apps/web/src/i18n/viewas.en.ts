/** English strings of "view as", global agents and the client's support-access log (ADR 0040). */
export const viewAsEn = {
  'error.VIEW_AS_READ_ONLY': 'This is a read-only view: nothing can be changed while viewing as a client.',
  'error.GLOBAL_AGENT_NOT_FOUND': 'This global agent is no longer offered.',
  'globalAgents.nav': 'Global agents',
  'viewAs.button': 'View as client',
  'viewAs.banner': 'Viewing as {name} (read-only) — ends at {time}',
  'viewAs.exit': 'Exit',
  'globalAgents.clientTitle': 'Agents offered by the platform',
} as const;
