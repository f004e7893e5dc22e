import { startTestFile } from './databases.ts';

// The node project's set-up file: vitest runs it before every test file, in the worker that runs it.
startTestFile();
