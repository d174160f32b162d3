import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { GitInfo, MachineInfo } from './result.ts';

/** Absolute figures mean nothing without the machine they came from. */
export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    totalMemGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The commit a result belongs to; tolerates running outside git or before the first commit. */
export function describeGit(cwd: string = process.cwd()): GitInfo {
  const commit = git(['rev-parse', 'HEAD'], cwd);
  const status = git(['status', '--porcelain'], cwd);
  return { commit: commit || null, dirty: Boolean(status) };
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
