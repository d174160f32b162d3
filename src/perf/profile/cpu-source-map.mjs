/**
 * Call frames of a `.cpuprofile` moved from the code V8 ran to the source it was compiled from
 * (TypeScript through tsx), with the source maps the process itself holds: so the hotspot
 * table names `src/x.ts:93`, not a line of the compiled text. Frames without a map stay as they are.
 * Plain JavaScript: the profiling preload runs it in programs without a TypeScript loader.
 */
import { findSourceMap } from 'node:module';

/** Rewrites `profile`'s call frames in place to their original file, line and column; answers it. */
export function mapProfileToSources(profile) {
  const maps = new Map();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    if (!frame.url || frame.lineNumber < 0) continue;
    let map = maps.get(frame.url);
    if (map === undefined) {
      try {
        map = findSourceMap(frame.url) ?? null;
      } catch {
        map = null;
      }
      maps.set(frame.url, map);
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || typeof entry.originalLine !== 'number') continue;
    frame.lineNumber = entry.originalLine;
    frame.columnNumber = entry.originalColumn;
    if (entry.originalSource) frame.url = entry.originalSource;
  }
  return profile;
}
