import type { CpuProfile } from './cpu-profile.ts';

/** Rewrites `profile`'s call frames in place to their original file, line and column; answers it. */
export function mapProfileToSources<T extends Pick<CpuProfile, 'nodes'>>(profile: T): T;
