/** `greenline classify FILE`: spend lines → NAICS-6 with a confidence and the evidence (docs/classification.md). */
import type { Command } from 'commander';

export function registerClassifyCommands(program: Command): void {
  program
    .command('classify')
    .description('classify spend lines (CSV with a description column, or NDJSON) to NAICS-6 codes, offline')
    .argument('<file>', 'CSV or NDJSON file')
    .action(() => {
      throw new Error('greenline classify is being built (issue 20)');
    });
}
