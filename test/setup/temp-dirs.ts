import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/pipeline.js';

// Every folder a test file made with tempDir() goes when the file ends: a full run made ~3,000 folders under /tmp
// that nobody removed (collect and config tests), and a shared CI machine keeps /tmp between runs.
afterAll(() => removeTempDirs());
