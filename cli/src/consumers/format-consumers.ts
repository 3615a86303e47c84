import { formatAge } from '../dead-letters/format-dead-letters.ts';
import { textTable } from '../text-table.ts';
import type { ComparedConsumer } from './compare-consumers.ts';

/** `sluice status`'s lines on who polls the deployment's queues, and whether each works as we would. */
export const formatConsumers = (consumers: ComparedConsumer[]): string => {
  if (consumers.length === 0)
    return 'Consumers: none announced (services started by `sluice` announce themselves)';
  const rows = consumers.map((consumer) => [
    consumer.stage,
    String(consumer.pid),
    consumer.host,
    formatAge(consumer.ageSeconds),
    `${formatAge(consumer.heartbeatAgeSeconds)} ago`,
    consumer.differences.length === 0 ? 'yes' : `no: ${consumer.differences.join('; ')}`,
  ]);
  return `Consumers:\n${textTable([['stage', 'pid', 'host', 'up', 'heartbeat', 'same configuration as here'], ...rows])}`;
};
