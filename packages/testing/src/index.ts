export {
  startTestFile,
  type TestDatabaseTarget,
  testDatabaseTargets,
  testPostgresUrl,
} from './databases.ts';
export * from './fakes/index.ts';
export {
  createFreshTestDatabase,
  createMigratedTestDatabase,
  type FreshTestDatabase,
} from './fresh-database.ts';
export { type TestRedis, testRedis } from './redis.ts';
