/** Reading the SLO file from disk; everything else in src/slo works on its parsed form. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSloConfig, type SloConfig } from './definitions.ts';

/** slo/slos.yaml of this installation, wherever the command is run from. */
export const DEFAULT_SLO_FILE = resolve(import.meta.dirname, '../../slo/slos.yaml');

export async function loadSloConfig(path = DEFAULT_SLO_FILE): Promise<SloConfig> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the SLO file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  return parseSloConfig(text, path);
}
