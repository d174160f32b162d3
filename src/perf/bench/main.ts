/**
 * Stand-alone entry for the benchmark commands: `npx tsx src/perf/bench/main.ts bench ...`.
 * It loads nothing but the bench toolkit, so CI can gate performance without the whole CLI.
 */
import { Command } from 'commander';
import { registerBenchCommands } from './cli.ts';

const program = new Command('greenline-bench');
registerBenchCommands(program);
await program.parseAsync(process.argv);
