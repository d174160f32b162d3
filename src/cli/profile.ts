/**
 * `greenline profile`: CPU and heap profiles of a command, a script or a running server
 * (docs/profiling.md). Each kind lives in its own module.
 */
import type { Command } from 'commander';
import { registerCpuProfileCommands } from './profile-cpu.ts';
import { registerHeapProfileCommands } from './profile-heap.ts';

export function registerProfileCommands(program: Command): void {
  const profile = program.command('profile').description('CPU and heap profiles of a command, a script or a running server (docs/profiling.md)');
  registerCpuProfileCommands(profile);
  registerHeapProfileCommands(profile);
}
