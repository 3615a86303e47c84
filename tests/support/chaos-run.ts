import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readQueueDepths, type ServiceName } from '@sluice/cli';
import type { Stage } from '@sluice/contracts';
import { expect } from 'vitest';
import type { ChaosEvent } from './chaos-plan.ts';
import type { PrivatePlatform } from './private-platform.ts';
import type { ServiceFleet } from './service-fleet.ts';
import { type CliResult, runSluiceWith } from './sluice-cli.ts';
import { waitUntilDrained } from './warehouse-assertions.ts';

/**
 * The services' settings under chaos: a killed process's messages come back after 5 s, other failures are
 * retried after 2 s, 4 s, 8 s; fewer messages in hand per process, so the run lasts long enough for every
 * fault to land mid-way.
 */
export const CHAOS_SERVICE_ENV = {
  SQS_WAIT_TIME_SECONDS: '1',
  SQS_VISIBILITY_TIMEOUT_SECONDS: '5',
  SLUICE_RETRY_BASE_SECONDS: '2',
  EXTRACT_BATCH_SIZE: '3',
  TRANSFORM_BATCH_SIZE: '3',
  LOAD_BATCH_SIZE: '3',
} as const;

const STAGE_OF: Record<ServiceName, Stage> = {
  extractor: 'extract',
  transformer: 'transform',
  loader: 'load',
};

/** A fault that landed, with the messages its stage had in hand at that moment. */
export type StruckEvent = ChaosEvent & { inFlight: number };

export interface ChaosRun {
  /** The operator's `sluice run <pipeline> --wait --json`, as it ended. */
  command: CliResult;
  /** Each fault of the plan, or null where the run ended before it was due. */
  happened: (StruckEvent | null)[];
  deadLetters: number;
  /** The lines a service wrote during this run (a fleet serving several runs keeps them all). */
  linesOf: (service: ServiceName) => string[];
}

export interface ChaosRunOptions {
  isolated: PrivatePlatform;
  fleet: ServiceFleet;
  plan: ChaosEvent[];
  pipeline: string;
  /** About how many pages each stage handles in the run: the faults are timed as fractions of it. */
  totalPages: number;
  /** Variables the CLI needs beside the deployment's: the services' own source, or it is refused. */
  variables?: Record<string, string>;
  /** Names the post-mortem file, `chaos-<label>.json` in the platform's log folder. */
  label?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks for a run with the operator's own command and waits for it, while the plan's faults land: each
 * service killed (SIGKILL) and restarted, the warehouse's server crashed and restarted on the same data.
 * Returns once the command has ended and the queues are drained.
 */
export const runUnderChaos = async (options: ChaosRunOptions): Promise<ChaosRun> => {
  const { isolated, fleet, plan, totalPages } = options;
  const { platform } = isolated;
  // The fleet's lines so far belong to earlier runs: this run's faults are timed by its own pages.
  const earlier = {
    extractor: fleet.linesOf('extractor').length,
    transformer: fleet.linesOf('transformer').length,
    loader: fleet.linesOf('loader').length,
  };
  const linesOf = (service: ServiceName) => fleet.linesOf(service).slice(earlier[service]);
  const handledBy = (service: ServiceName) =>
    linesOf(service).filter((line) => line.includes('"msg":"handled"')).length;
  let runEnded = false;

  /**
   * Brings about one fault, once its service has handled its share of the pages; a kill waits besides for
   * its stage to have messages in hand, or it would only restart an idle process (the services now go
   * through a page quickly enough that a kill timed by pages alone often found none). Null if the run
   * ended first.
   */
  const strike = async (event: ChaosEvent): Promise<StruckEvent | null> => {
    while (handledBy(event.service) < event.atFraction * totalPages && !runEnded) await sleep(100);
    let depths = runEnded ? null : await readQueueDepths(platform.sqs, platform.queues);
    while (event.kind === 'kill' && depths && depths[STAGE_OF[event.service]].queue.inFlight === 0) {
      await sleep(100);
      depths = runEnded ? null : await readQueueDepths(platform.sqs, platform.queues);
    }
    if (!depths) return null;
    if (event.kind === 'kill') {
      await fleet.signal(event.service, 'SIGKILL');
      await sleep(event.downMs);
      await fleet.start(event.service);
    } else {
      // A crash, not a shutdown: connections drop mid-transaction, and InnoDB recovers on the restart.
      await isolated.database.stop('SIGKILL');
      await sleep(event.downMs);
      await isolated.database.start();
    }
    return { ...event, inFlight: depths[STAGE_OF[event.service]].queue.inFlight };
  };

  // One track of faults per service and one for the database, side by side, so that a restart on one
  // track does not hold back the faults of the others.
  const tracks = Map.groupBy(plan, (event) => (event.kind === 'kill' ? event.service : event.kind));
  const waiting = runSluiceWith(
    options.variables ?? {},
    isolated.env,
    'run',
    options.pipeline,
    '--wait',
    '--json',
  );
  const chaos = Promise.all(
    [...tracks.values()].map(async (events) => {
      const done: (StruckEvent | null)[] = [];
      for (const event of events) done.push(await strike(event));
      return done;
    }),
  );
  chaos.catch(() => {}); // awaited below; a failed restart must not surface as an unhandled rejection first
  const command = await waiting.finally(() => {
    runEnded = true;
  });
  const happened = (await chaos).flat();
  // For the post-mortem of a failing run, beside the services' logs.
  const postMortem = join(isolated.logDir, `chaos${options.label ? `-${options.label}` : ''}.json`);
  writeFileSync(postMortem, `${JSON.stringify({ plan, happened }, null, 2)}\n`);
  const { deadLetters } = await waitUntilDrained(platform.sqs, platform.queues, 60_000);
  return { command, happened, deadLetters, linesOf };
};

/**
 * What every chaos run must show: each fault landed while the run was going and some caught messages in
 * hand; the loader held its pages through the outage instead of spending their retries; the waiting
 * command rode out the outage, said so, and ended with the run succeeded; nothing was dead-lettered.
 * Returns the run's id.
 */
export const expectRunToRideOutChaos = (run: ChaosRun, plan: ChaosEvent[]): string => {
  const { command, happened, deadLetters, linesOf } = run;
  expect(happened).toHaveLength(plan.length);
  expect(happened.every((event) => event !== null)).toBe(true);
  expect(happened.some((event) => event?.kind === 'kill' && event.inFlight > 0)).toBe(true);
  const messageOf = (line: string) => {
    try {
      return (JSON.parse(line) as { msg?: string }).msg ?? '';
    } catch {
      return '';
    }
  };
  const loaderSaid = (msg: RegExp) => linesOf('loader').some((line) => msg.test(messageOf(line)));
  // The loader names the warehouse it cannot reach, its variable and what to start, then that it holds.
  expect(
    loaderSaid(
      /^cannot reach the warehouse at 127\.0\.0\.1:\d+ \(DATABASE_URL\): connection [\w ]+; .*: holding messages until it answers$/,
    ),
  ).toBe(true);
  expect(loaderSaid(/^database is back$/)).toBe(true);
  expect(command.code, command.stderr).toBe(0);
  expect(command.stderr).toMatch(
    /warehouse at 127\.0\.0\.1:\d+ \(DATABASE_URL\) unreachable, retrying \(\d+ s\)/,
  );
  const outcome = JSON.parse(command.stdout) as { runId: string; status: string };
  expect(outcome.status).toBe('succeeded');
  expect(deadLetters).toBe(0);
  return outcome.runId;
};
