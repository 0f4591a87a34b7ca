// Where each stream event source mapping stands in each shard, kept in memory and (with a state
// directory) in a small JSON file per mapping, so a restarted twin resumes after the last delivered record.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A shard's position: after a sequence number, from its start, or read to its end and finished. */
export type ShardPosition = { after: string } | { trimHorizon: true } | { done: true };

interface CheckpointFile {
  version: 1;
  /** Positions belong to one stream: a table whose stream was re-created starts over. */
  streamArn: string;
  shards: Record<string, ShardPosition>;
}

export class CheckpointStore {
  private streamArn: string | undefined;
  private shards: Record<string, ShardPosition> = {};

  /** `file` undefined: in memory only. */
  constructor(private readonly file: string | undefined) {}

  /**
   * Loads the positions saved for `streamArn`; without any (first start, or the file belongs to
   * another stream) every shard starts from its beginning. Returns the other stream, if so.
   */
  load(streamArn: string): string | undefined {
    this.streamArn = streamArn;
    this.shards = {};
    if (this.file === undefined) return undefined;
    let saved: CheckpointFile;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as CheckpointFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`stream checkpoints in ${this.file} are unreadable; delete the file to start over`, { cause: err });
    }
    if (saved.version !== 1 || saved.streamArn !== streamArn) return saved.streamArn;
    this.shards = { ...saved.shards };
    return undefined;
  }

  get(shardId: string): ShardPosition | undefined {
    return this.shards[shardId];
  }

  /** Records the position and writes the file through (small, and a crash must not lose it). */
  set(shardId: string, position: ShardPosition): void {
    const previous = this.shards[shardId];
    if (previous && JSON.stringify(previous) === JSON.stringify(position)) return;
    this.shards[shardId] = position;
    this.save();
  }

  /** Forgets shards the stream no longer lists (DynamoDB removes them 24 hours after they close). */
  retain(shardIds: ReadonlySet<string>): void {
    const before = Object.keys(this.shards).length;
    this.shards = Object.fromEntries(Object.entries(this.shards).filter(([id]) => shardIds.has(id)));
    if (Object.keys(this.shards).length !== before) this.save();
  }

  private save(): void {
    if (this.file === undefined || this.streamArn === undefined) return;
    const content: CheckpointFile = { version: 1, streamArn: this.streamArn, shards: this.shards };
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Write and rename, so a crash mid-write leaves the previous checkpoint rather than half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}

/** One file per mapping; table name and logical id together are unique across the twin's regions. */
export function checkpointFile(stateDir: string, tableName: string, logicalId: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return path.join(stateDir, `${safe(tableName)}.${safe(logicalId)}.json`);
}
