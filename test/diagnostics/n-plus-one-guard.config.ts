/** The project's vitest configuration plus the N+1 guard (n-plus-one-guard.ts) in every test file. */
import { mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

export default mergeConfig(base, { test: { setupFiles: ['test/diagnostics/n-plus-one-guard.ts'] } });
