// What every benchmark suite receives: where things are, how to report, budgets, and a shared
// twin that is started on first use and stopped once all suites have run.
import type { Cell } from './table';
import type { LambdaNode } from './lambda-node';
import type { BenchTwin } from './twin';

/** A budget: a measured figure against its limit. A failing budget is reported, never thrown. */
export interface BudgetResult {
  suite: string;
  name: string;
  figure: number;
  limit: number;
  /** How the figure is expressed, e.g. 'x' for ratios, 'ms', 'KB'. */
  unit: string;
  pass: boolean;
  /** The absolute numbers behind a ratio, for the summary. */
  detail?: string;
}

export interface BudgetInput {
  name: string;
  figure: number;
  limit: number;
  unit?: string;
  detail?: string;
}

export interface BenchOptions {
  /** Fewer repetitions (smoke run of the bench itself); figures are noisier. */
  quick: boolean;
}

export interface BenchContext {
  /** Repository root. */
  readonly root: string;
  /** The synthesized cloud assembly (`.twin/cdk.out`, see twinAssemblyDir). */
  readonly assemblyDir: string;
  /** Scratch folder for builds and event files; removed after the run. */
  readonly workDir: string;
  readonly options: BenchOptions;
  /** Progress line (stderr), so stdout carries the report only. */
  log(line: string): void;
  /** Report text (stdout). */
  print(text: string): void;
  table(title: string, columns: readonly string[], rows: readonly (readonly Cell[])[], note?: string): void;
  /** Records a budget (limit is an upper bound) and prints its verdict. */
  budget(input: BudgetInput): BudgetResult;
  /** The Node.js the functions run on in fresh processes: Lambda's major (nodejs22.x) where it can be had. */
  lambdaNode(): LambdaNode;
  /** The twin shared by all suites: started on first call (synthesizing first if needed). */
  twin(): Promise<BenchTwin>;
  /** A twin with empty tables, replacing the shared one (which is stopped): for a suite whose figures must not see what the others wrote. */
  freshTwin(): Promise<BenchTwin>;
}

/** A benchmark suite module: `bench/<name>.ts` exporting these. */
export interface BenchSuiteModule {
  description: string;
  /** Runs the suite; returns its figures for results/latest.json. */
  run(context: BenchContext): Promise<Record<string, unknown>>;
}
