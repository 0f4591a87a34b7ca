// Keeps execution records on disk (one JSON file each, written atomically) or only in memory.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExecutionRecord } from './records';

export class ExecutionStore {
  private readonly dir: string | undefined;
  private readonly clockFile: string | undefined;
  private readonly versionsFile: string | undefined;
  private readonly dirty = new Set<ExecutionRecord>();
  private flushHandle: NodeJS.Immediate | undefined;
  private closed = false;

  /** `now` reads the virtual clock, which is saved with every write so a restart can continue from it. */
  constructor(
    stateDir: string | undefined,
    private readonly now: () => number,
  ) {
    this.dir = stateDir === undefined ? undefined : path.join(stateDir, 'executions');
    this.clockFile = stateDir === undefined ? undefined : path.join(stateDir, 'clock.json');
    this.versionsFile = stateDir === undefined ? undefined : path.join(stateDir, 'versions.json');
    if (this.dir) mkdirSync(this.dir, { recursive: true });
  }

  /** The virtual time the previous twin last saw (0 when unknown). */
  savedClock(): number {
    if (!this.clockFile || !existsSync(this.clockFile)) return 0;
    const saved = JSON.parse(readFileSync(this.clockFile, 'utf8')) as { now?: unknown };
    return typeof saved.now === 'number' ? saved.now : 0;
  }

  /** The published versions' definitions per state machine ARN (version n at index n - 1). */
  loadVersions(): Record<string, Array<Record<string, unknown>>> {
    if (!this.versionsFile || !existsSync(this.versionsFile)) return {};
    return JSON.parse(readFileSync(this.versionsFile, 'utf8')) as Record<string, Array<Record<string, unknown>>>;
  }

  saveVersions(versions: Record<string, Array<Record<string, unknown>>>): void {
    if (this.versionsFile) writeAtomically(this.versionsFile, JSON.stringify(versions));
  }

  get persistent(): boolean {
    return this.dir !== undefined;
  }

  load(): ExecutionRecord[] {
    if (!this.dir) return [];
    const records: ExecutionRecord[] = [];
    for (const file of readdirSync(this.dir)) {
      if (!file.endsWith('.json')) continue;
      const record = JSON.parse(readFileSync(path.join(this.dir, file), 'utf8')) as ExecutionRecord;
      if (record.version === 1) records.push(record);
    }
    return records;
  }

  /** Changes are written together at the end of the current turn of the event loop. */
  save(record: ExecutionRecord): void {
    if (!this.dir || this.closed) return;
    this.dirty.add(record);
    this.flushHandle ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    if (!this.dir || !this.clockFile) return;
    for (const record of this.dirty) {
      writeAtomically(path.join(this.dir, `${createHash('sha256').update(record.executionArn).digest('hex').slice(0, 40)}.json`), JSON.stringify(record));
    }
    this.dirty.clear();
    writeAtomically(this.clockFile, JSON.stringify({ now: this.now() }));
  }

  /** Final write; later saves are ignored (the twin is stopping and must not touch disk afterwards). */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

/** Write then rename: a crash leaves the old file or the new one, never half of one. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
