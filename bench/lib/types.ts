/** One measured figure. `value` is what was measured; when a case compares
 * against a baseline measured in the same run, `baseline` and
 * `ratio = value / baseline` are set, and the target usually applies to the
 * ratio (machines are shared and noisy; absolute times are context only). */
export interface Row {
  case: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  /** Human-readable target, e.g. "ratio ≤ 1.5" or "≤ 500 KB". */
  target?: string;
  /** Whether the target was met; unset for context-only rows. */
  pass?: boolean;
  /** Short remark printed under the table (e.g. what makes a bundle big). */
  note?: string;
}

export interface CaseContext {
  /** Progress lines, printed as the case runs (stderr, so stdout stays the table). */
  log(line: string): void;
  /** `--quick`: fewer samples, for trying the harness out. */
  quick: boolean;
  /** Run `fn` if the bench is interrupted (Ctrl-C) while the case runs, e.g. to
   * stop child processes. Returns a function that unregisters it. */
  onAbort(fn: () => unknown): () => void;
}

export interface CaseResult {
  rows: Row[];
  /** Anything else worth keeping in results.json (breakdowns, raw samples' summary…). */
  details?: Record<string, unknown>;
}

export interface BenchCase {
  /** Used to select cases on the command line: `npm run bench -- api`. */
  name: string;
  description: string;
  run(ctx: CaseContext): Promise<CaseResult | Row[]>;
}

/** Each file in bench/cases/ default-exports one case (or an array of them). */
export function defineCase(c: BenchCase): BenchCase {
  return c;
}
