/**
 * What the load engine knows of the service it loads. A workload names its built-in actions (a
 * scenario's `use:`) and user classes (`builtin:`, or a bare name in `classes`), prepares what its
 * requests need once per run, and builds each action's requests. The scenario parser, the run and
 * the engine take one as an argument and import no service's code; the CLI injects Greenline's
 * (src/perf/greenline-workload.ts). Scenarios of plain HTTP actions need none.
 */

/** One request as the engine sends it; its headers go over the scenario's. */
export interface RequestSpec {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** A built-in class of user: which of the workload's actions it sends, in what shares. */
export interface WorkloadClass {
  actions: ReadonlyArray<{ use: string; weight: number }>;
}

export interface WorkloadSetup {
  /** The scenario's origin, e.g. http://127.0.0.1:3000. */
  target: string;
  /** The scenario's headers, with its API key as `authorization`. */
  headers: Record<string, string>;
  /** Status lines for the user. */
  log: (line: string) => void;
}

export interface ActionContext<Fixtures> {
  /** What `setup` returned (undefined for a workload without one). */
  fixtures: Fixtures;
  /** Differs per class, action and share, so that shares do not all send the same sequence. */
  seed: number;
  /** The action's settings from the scenario (names from `actionSettings` only). */
  settings: Readonly<Record<string, number>>;
}

export interface Workload<Fixtures = unknown> {
  /** Names the workload in messages. */
  readonly name: string;
  /**
   * Where worker threads load the workload from, since functions cannot be sent to them: a module
   * URL and the name of its export that is this workload.
   */
  readonly module: { url: string; exportName: string };
  /** What a scenario action may `use:`. */
  readonly actions: readonly string[];
  /** Settings a `use:` action may carry besides `name` and `weight`; each a whole number ≥ 1. */
  readonly actionSettings: readonly string[];
  /** The built-in classes by name, in the order they are listed to users. */
  readonly classes: Readonly<Record<string, WorkloadClass>>;
  /** The target's resident memory gauge in its metrics, sampled by endurance runs unless they name one. */
  readonly memoryMetric?: string;
  /**
   * Prepares what the requests need, once per run and before the load starts (over HTTP, with
   * the scenario's key). The result must be plain data: it is sent to worker threads.
   */
  setup?(context: WorkloadSetup): Promise<Fixtures>;
  /** The next-request function of one action, made once per class, action and share. */
  requests(use: string, context: ActionContext<Fixtures>): () => RequestSpec;
}

function isWorkload(value: unknown): value is Workload {
  if (typeof value !== 'object' || value === null) return false;
  const w = value as Partial<Workload>;
  return typeof w.name === 'string' && Array.isArray(w.actions) && typeof w.classes === 'object' && typeof w.requests === 'function';
}

/** A workload from its `module` (in a worker thread). */
export async function loadWorkload(module: Workload['module']): Promise<Workload> {
  const exports = (await import(module.url)) as Record<string, unknown>;
  const workload = exports[module.exportName];
  if (!isWorkload(workload)) throw new TypeError(`${module.url}: its export "${module.exportName}" is not a workload`);
  return workload;
}
