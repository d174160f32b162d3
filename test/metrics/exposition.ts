/**
 * Test helpers for the Prometheus text format: read one sample's value, and lint a whole
 * exposition with `promtool check metrics` (Debian's `prometheus` package; .ci/run installs it).
 */
import { spawn } from 'node:child_process';

/** The value of the sample `name` whose labels include `labels`, or undefined when absent. */
export function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** Every label set of the samples named `name`. */
export function labelSets(exposition: string, name: string): Array<Record<string, string>> {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) =>
      Object.fromEntries([...line.slice(name.length + 1, line.lastIndexOf('}')).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!])),
    );
}

/**
 * Pipes the exposition to `promtool check metrics`. A missing promtool is an error, not a skip:
 * the acceptance criterion is that promtool accepts what we serve.
 */
export function promtoolCheck(exposition: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error("promtool is not installed: install Debian's `prometheus` package (apt-get install prometheus), as .ci/run does")
          : err,
      );
    });
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(exposition);
  });
}
