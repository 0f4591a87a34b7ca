// CPU time from Linux's /proc: the user plus system time of a process (`/proc/<pid>/stat`) or of
// one of its threads (`/proc/<pid>/task/<tid>/stat`), in seconds. Throws when the file cannot be read.
import { readFileSync } from 'node:fs';

// USER_HZ, the unit of /proc's CPU times.
const CLOCK_TICKS_PER_SECOND = 100;

export function procCpuSeconds(statFile: string): number {
  // The command name in parentheses may hold spaces: the fields are counted after it.
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND; // utime + stime
}
