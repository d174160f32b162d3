/**
 * PGlite has no multi-process locking: two processes on one directory corrupt it. A lock file
 * with the owner's pid keeps a second process out; the server also publishes where commands can
 * reach it instead (src/cli/server-link.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data directory's lock is held by another live process (the server, or another command). */
export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly owner: number,
  ) {
    super(`the embedded database in ${dir} is in use by process ${owner}; stop it first, or use DATABASE_URL for a server several processes can share`);
  }
}

/** The data directory cannot be written (a read-only mount, no permission, a full disk): said in one line, not as a stack. */
export class DataDirNotWritable extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    const problem = reason === 'EROFS' ? 'is on a read-only file system' : reason === 'ENOSPC' ? 'is on a full disk' : 'cannot be written';
    super(`the data directory ${dir} ${problem} (${reason}): make it writable, or set GREENLINE_DATA_DIR to a writable directory`);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks `dir` for this process; a lock left by a dead process is taken over. Returns the unlock. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'greenline.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC') throw new DataDirNotWritable(dir, code);
      if (code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUse(dir, owner);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
