// The tables, by concern, for typed queries. Property names are the wire's snake_case, so rows map to the
// API without renaming. The DDL lives in ../migrations; these files mirror it.

export * from './schema/agents.ts';
export * from './schema/approvals.ts';
export * from './schema/audit.ts';
export * from './schema/billing.ts';
export * from './schema/conversations.ts';
export * from './schema/credentials.ts';
export * from './schema/executors.ts';
export * from './schema/identity.ts';
export * from './schema/jobs.ts';
export * from './schema/platform-setting-versions.ts';
export * from './schema/schedules.ts';
export * from './schema/suna.ts';
export * from './schema/teams.ts';
export * from './schema/view-as.ts';
export * from './schema/whatsapp.ts';
