/** `greenline profile cpu` and `greenline profile diff` (docs/profiling.md). */
import type { Command } from 'commander';

export function registerCpuProfileCommands(_profile: Command): void {}
