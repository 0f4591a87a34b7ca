// `npm run bench [-- <suite>... ] [--quick] [--list]`: runs the benchmark suites, prints their
// figures and budgets, and writes bench/results/latest.json. Budgets that fail are reported as
// FAIL but do not change the exit code; only a benchmark that cannot run does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BenchContext, BenchSuiteModule, BudgetResult } from './support/context';
import { formatTable } from './support/table';
import { twinAssemblyDir } from '@cter/twin';
import { lambdaNode, type LambdaNode } from './support/lambda-node';
import { startBenchTwin, type BenchTwin } from './support/twin';

/** Every suite: `bench/<name>.ts` exporting `description` and `run(context)`. Add new ones here. */
const SUITES: Array<{ name: string; load: () => Promise<BenchSuiteModule> }> = [
  { name: 'foundation', load: () => import('./foundation') },
  { name: 'covenant', load: () => import('./covenant') },
  { name: 'load', load: () => import('./load') },
  { name: 'knee', load: () => import('./knee') },
  { name: 'cost', load: () => import('./cost') },
  // Last: it seeds 101,000 cases into a twin of its own (the shared one is stopped).
  { name: 'scale', load: () => import('./scale') },
];

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const filters = args.filter((a) => !a.startsWith('--'));

function usage(): string {
  return [
    'usage: npm run bench [-- <suite>...] [--quick] [--list]',
    '  <suite>   run only suites whose name contains this text (default: all)',
    '  --quick   fewer repetitions: checks that the bench runs, figures are noisy',
    '  --list    list the suites',
    `suites: ${SUITES.map((s) => s.name).join(', ')}`,
  ].join('\n');
}

function gitDescription(): { commit?: string; dirty?: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return {};
  }
}

async function main(): Promise<number> {
  const unknownFlags = [...flags].filter((f) => !['--quick', '--list', '--help'].includes(f));
  if (flags.has('--help') || unknownFlags.length > 0) {
    console.log(usage());
    return unknownFlags.length > 0 ? 2 : 0;
  }
  if (flags.has('--list')) {
    for (const suite of SUITES) console.log(`${suite.name}: ${(await suite.load()).description}`);
    return 0;
  }
  const selected = filters.length === 0 ? SUITES : SUITES.filter((s) => filters.some((f) => s.name.includes(f)));
  if (selected.length === 0) {
    console.error(`no suite matches ${filters.join(', ')}\n${usage()}`);
    return 2;
  }

  const workDir = mkdtempSync(path.join(tmpdir(), 'cter-bench-'));
  const budgets: BudgetResult[] = [];
  const suites: Record<string, unknown> = {};
  const errors: Array<{ suite: string; error: string }> = [];
  let twin: Promise<BenchTwin> | undefined;
  let functionsNode: LambdaNode | undefined;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const stop = async () => {
    const started = twin;
    twin = undefined;
    if (started) await (await started.catch(() => undefined))?.stop();
  };
  const interrupted = () => {
    log('interrupted: stopping the twin');
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const startedAt = new Date();
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}, load average ${loadBefore.join(' ')}`);
  if (loadBefore[0]! > cpus().length * 0.5) {
    console.log('WARNING: the machine is busy; timings (cold init, warm latency) will be noisy. Prefer an idle machine for figures you compare.');
  }
  try {
    for (const suite of selected) {
      const started = performance.now();
      const context: BenchContext = {
        root,
        assemblyDir: twinAssemblyDir(root),
        workDir: mkdtempSync(path.join(workDir, `${suite.name}-`)),
        options: { quick: flags.has('--quick') },
        log,
        print: (text) => console.log(text),
        table: (title, columns, rows, note) => console.log(`\n${title}\n${formatTable(columns, rows)}${note ? `\n${note}` : ''}`),
        budget: (input) => {
          const result: BudgetResult = { suite: suite.name, unit: 'x', ...input, pass: input.figure <= input.limit };
          budgets.push(result);
          return result;
        },
        lambdaNode: () => {
          if (!functionsNode) {
            functionsNode = lambdaNode(root, log);
            console.log(functionsNode.warning ? `WARNING: ${functionsNode.warning}` : `functions run on node ${functionsNode.version} (Lambda nodejs22.x) in their own processes`);
          }
          return functionsNode;
        },
        twin: () => (twin ??= startBenchTwin(root, twinAssemblyDir(root), log)),
        freshTwin: async () => {
          await stop();
          twin = startBenchTwin(root, twinAssemblyDir(root), log);
          return twin;
        },
      };
      console.log(`\n=== ${suite.name} ${'='.repeat(Math.max(0, 70 - suite.name.length))}`);
      try {
        const module = await suite.load();
        const figures = await module.run(context);
        suites[suite.name] = { durationMs: Math.round(performance.now() - started), ...figures };
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        errors.push({ suite: suite.name, error: message });
        console.error(`\n[bench] suite ${suite.name} could not run:\n${message}`);
      }
      log(`${suite.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await stop();
    rmSync(workDir, { recursive: true, force: true });
  }

  console.log(`\n=== summary ${'='.repeat(63)}`);
  if (budgets.length > 0) {
    console.log(
      formatTable(
        ['budget', 'figure', 'limit', 'verdict', 'measured'],
        budgets.map((b) => [b.name, `${b.figure}${b.unit}`, `<= ${b.limit}${b.unit}`, b.pass ? 'PASS' : 'FAIL', b.detail]),
      ),
    );
  }
  const failed = budgets.filter((b) => !b.pass);
  console.log(
    `\n${budgets.length - failed.length} of ${budgets.length} budgets hold` +
      (failed.length > 0 ? `; FAIL: ${failed.map((b) => `${b.name} (${b.figure}${b.unit} > ${b.limit}${b.unit})`).join(', ')}` : ''),
  );
  for (const e of errors) console.log(`ERROR: suite ${e.suite} could not run (see above)`);

  const loadAfter = loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`load average at the end: ${loadAfter.join(' ')}`);
  const results = {
    generatedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    quick: flags.has('--quick'),
    environment: { node: process.version, functionsNode: functionsNode?.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, ...gitDescription() },
    suites,
    budgets,
    allBudgetsPass: failed.length === 0,
    errors,
  };
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))}`);
  return errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
