/**
 * Failures caused by what the bench commands were given (a suite file, a result file, a
 * benchmark that throws), as opposed to bugs: the CLI reports them in one line, exit code 2.
 */
export abstract class BenchInputError extends Error {
  abstract readonly code: string;
}
