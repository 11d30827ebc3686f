import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) used so far by every process on the machine, summed by command name (postgres, redis-server, node, ...), plus the machine's busy total. Linux only. */
export function machineCpu(): Map<string, number> {
  const tickMs = 10; // USER_HZ is 100 on Linux
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
    const ms = (Number(fields[11]) + Number(fields[12])) * tickMs;
    out.set(name, (out.get(name) ?? 0) + ms);
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  out.set('(machine busy)', (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) * tickMs);
  return out;
}

/** What each process name used between two machineCpu() readings, per unit of work, largest first. */
export function cpuPer(before: Map<string, number>, after: Map<string, number>, units: number): [string, number][] {
  const rows: [string, number][] = [];
  for (const [name, ms] of after) {
    const used = ms - (before.get(name) ?? 0);
    if (used > 0) rows.push([name, used / units]);
  }
  return rows.sort((a, b) => b[1] - a[1]);
}
