/** `greenline profile heap` (docs/profiling.md). */
import type { Command } from 'commander';

export function registerHeapProfileCommands(_profile: Command): void {}
