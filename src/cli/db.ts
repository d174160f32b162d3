/** `greenline db`: database diagnostics (docs/database-diagnostics.md). */
import type { Command } from 'commander';

export function registerDbCommands(_program: Command): void {}
