export { type TestDatabaseTarget, testDatabaseTargets, testPostgresUrl } from './databases.ts';
