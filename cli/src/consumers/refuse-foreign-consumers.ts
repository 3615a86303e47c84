import type { S3Client } from '@aws-sdk/client-s3';
import type { ConfigurationFingerprint } from '@sluice/runtime';
import { formatAge } from '../dead-letters/format-dead-letters.ts';
import { type ComparedConsumer, compareConsumers, foreignConsumersOf } from './compare-consumers.ts';

/** Raised before a run is requested while a consumer with another configuration polls the same queues. */
export class ForeignConsumersError extends Error {
  override name = 'ForeignConsumersError';
  readonly consumers: ComparedConsumer[];
  constructor(message: string, consumers: ComparedConsumer[]) {
    super(message);
    this.consumers = consumers;
  }
}

const describeConsumer = (consumer: ComparedConsumer): string =>
  `pid ${consumer.pid} on ${consumer.host} (${consumer.stage} stage, up ${formatAge(consumer.ageSeconds)}, ` +
  `last heartbeat ${formatAge(consumer.heartbeatAgeSeconds)} ago), differing in ${consumer.differences.join(' and in ')}`;

/** One paragraph: who polls, what differs, why it matters, and the ways out. */
export const formatForeignConsumers = (foreign: ComparedConsumer[], prefix: string): string => {
  const pids = [...new Set(foreign.map((consumer) => consumer.pid))].join(' ');
  return (
    `another service process polls this deployment's queues (${prefix}) with a configuration other than ` +
    `this command's, and would take this run's messages and work on them its way: ` +
    `${foreign.map(describeConsumer).join('; ')}. ` +
    `Stop it (\`kill ${pids}\` on its host, or Ctrl-C where \`sluice services\` runs) or restart it with ` +
    `the same pipeline files and variables; \`npx sluice status\` lists the consumers; --force runs anyway.`
  );
};

/**
 * Stops a command before it sends anything while a live consumer of the deployment works with another
 * configuration (issue #11: a forgotten `sluice services` ate the next run's messages). With `force`,
 * says so and goes on. Consumers with our own fingerprint, such as the pollers `npm start` starts, pass.
 */
export const refuseForeignConsumers = async (
  platform: { s3: S3Client; bucket: string },
  own: ConfigurationFingerprint,
  options: { prefix: string; force?: boolean; warn: (line: string) => void },
): Promise<void> => {
  const foreign = foreignConsumersOf(await compareConsumers(platform, own));
  if (foreign.length === 0) return;
  const message = formatForeignConsumers(foreign, options.prefix);
  if (!options.force) throw new ForeignConsumersError(`refusing to run: ${message}`, foreign);
  options.warn(`Going on (--force), although ${message}`);
};
