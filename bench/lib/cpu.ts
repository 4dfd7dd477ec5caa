/**
 * CPU time spent, for figures that move less with the host's load than a rate: this process's
 * (process.cpuUsage) and the PostgreSQL server's (every `postgres` process in /proc, Linux only).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** This process's user + system CPU time, microseconds. */
export function ownCpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** The CPU time of every PostgreSQL server process on this machine, microseconds (0 when none is visible). */
export function postgresCpuUs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (!comm.startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of the line; fields[] starts at field 3
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}
