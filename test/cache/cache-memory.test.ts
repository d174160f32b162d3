import { describeCache } from './cache-suite.ts';

describeCache('multi-level cache, L1 only', { redis: () => null });
