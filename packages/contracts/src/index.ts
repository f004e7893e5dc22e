export * from './agents.ts';
export * from './common.ts';
export * from './conversations.ts';
export * from './errors.ts';
export * from './identity.ts';
export * from './prompt-templates.ts';
export * from './run-events.ts';
export * from './usage.ts';
