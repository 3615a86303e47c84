import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { SERVICE_NAMES, type ServiceName } from '@sluice/cli';

export type PerService = Record<ServiceName, number | null>;

export interface ServiceUsage {
  /** Peak resident set (VmHWM) of each service, MiB. */
  peakRssMiB: PerService;
  /** CPU time (user + system) each service used, seconds. */
  cpuSeconds: PerService;
  /** CPU time the whole machine used meanwhile, in cores busy on average: the services and all the rest. */
  machineCoresBusy: number;
}

// Linux's USER_HZ: /proc reports CPU times in these ticks, 100 a second on every mainstream architecture.
const TICKS_PER_SECOND = 100;

const readProc = (pid: string, file: string): string | null => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // gone between the listing and the read
  }
};

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parens. */
const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/**
 * The service a child runs, from the poller on its command line: its bundle (`…/pollers/<build>/loader.mjs`)
 * or its source (`…/services/loader/src/poller.ts`).
 */
const serviceOf = (cmdline: string): ServiceName | undefined =>
  SERVICE_NAMES.find(
    (service) => cmdline.includes(`/${service}.mjs`) || cmdline.includes(`/services/${service}/`),
  );

const peakKibOf = (status: string): number | null => {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) : null;
};

/** Busy and total ticks of all cores, from the first line of /proc/stat. */
const readMachineTicks = (): { busy: number; total: number } => {
  const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle and iowait
  return { busy: total - idle, total };
};

const emptyPerService = (): PerService => ({ extractor: null, transformer: null, loader: null });

/**
 * Watches the service processes that `startLocalServices` spawned. LocalServices does not give out their
 * pids, so they are found as this process's children on /proc. VmHWM is already a peak and CPU time a
 * total; both only have to be read once more before the services exit, which `sample()` does.
 */
export const watchServices = (intervalMs = 500) => {
  const peakKib = emptyPerService();
  const cpuTicks = emptyPerService();
  const machineAtStart = readMachineTicks();
  let machineAtLastSample = machineAtStart;
  const sample = () => {
    machineAtLastSample = readMachineTicks();
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const stat = readProc(pid, 'stat');
      const fields = stat ? statFields(stat) : [];
      if (Number(fields[1]) !== process.pid) continue;
      const service = serviceOf(readProc(pid, 'cmdline') ?? '');
      const peak = peakKibOf(readProc(pid, 'status') ?? '');
      if (!service || peak === null) continue;
      peakKib[service] = Math.max(peakKib[service] ?? 0, peak);
      // utime and stime, fields 14 and 15 of stat(5), counted here from the state field (3).
      cpuTicks[service] = Number(fields[11]) + Number(fields[12]);
    }
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  const perService = (values: PerService, scale: (value: number) => number): PerService => {
    const scaled = emptyPerService();
    for (const service of SERVICE_NAMES) {
      const value = values[service];
      scaled[service] = value === null ? null : scale(value);
    }
    return scaled;
  };
  return {
    sample,
    /** Stops watching; what was seen up to the last sample. */
    stop: (): ServiceUsage => {
      clearInterval(timer);
      const machine = {
        busy: machineAtLastSample.busy - machineAtStart.busy,
        total: machineAtLastSample.total - machineAtStart.total,
      };
      return {
        peakRssMiB: perService(peakKib, (kib) => Math.round(kib / 1024)),
        cpuSeconds: perService(cpuTicks, (ticks) => ticks / TICKS_PER_SECOND),
        machineCoresBusy: machine.total > 0 ? (machine.busy / machine.total) * cpus().length : 0,
      };
    },
  };
};
