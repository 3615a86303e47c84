import { SERVICE_NAMES, type ServiceName } from '@sluice/cli';
import { createSeededRandom } from '@sluice/fixtures';

export type ChaosEvent =
  | { kind: 'kill'; service: ServiceName; atFraction: number; downMs: number }
  | { kind: 'database outage'; service: 'loader'; atFraction: number; downMs: number };

/**
 * A seeded, bounded schedule of faults: each service killed (SIGKILL) `killsPerService` times and the
 * loader's database cut once, each when its service has handled a random fraction of the run's pages.
 * The fractions stay below `latest`, so that every fault lands while there is still work to disturb.
 */
export const planChaos = (
  seed: number,
  options: { killsPerService: number; outageMs: number; earliest: number; latest: number },
): ChaosEvent[] => {
  const random = createSeededRandom(seed);
  const victims: ServiceName[] = Array.from({ length: options.killsPerService }, () => [
    ...SERVICE_NAMES,
  ]).flat();
  // Fisher–Yates, so that the order of the victims is as random as the moments.
  for (let index = victims.length - 1; index > 0; index -= 1) {
    const other = random.integer(0, index);
    [victims[index], victims[other]] = [victims[other] as ServiceName, victims[index] as ServiceName];
  }
  const fraction = () => options.earliest + random.next() * (options.latest - options.earliest);
  const events: ChaosEvent[] = victims.map((service) => ({
    kind: 'kill',
    service,
    atFraction: fraction(),
    downMs: random.integer(200, 1_000),
  }));
  events.push({
    kind: 'database outage',
    service: 'loader',
    atFraction: fraction(),
    downMs: options.outageMs,
  });
  return events.sort((a, b) => a.atFraction - b.atFraction);
};
