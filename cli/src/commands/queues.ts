import { STAGES } from '@sluice/contracts';
import { createAwsClients, resolveQueueUrls } from '@sluice/runtime';
import type { CliEnv } from '../config.ts';
import type { QueueDepths } from '../queue-depths.ts';
import { jsonText } from '../reports/json-text.ts';
import { readQueuesReport } from '../reports/queues-report.ts';
import { textTable } from '../text-table.ts';

/** Per stage: its queue's messages waiting, in flight and delayed, and its DLQ's. */
export const formatQueueDepths = (depths: QueueDepths): string =>
  textTable([
    ['stage', 'waiting', 'in flight', 'delayed', 'in DLQ'],
    ...STAGES.map((stage) => {
      const { queue, deadLetter } = depths[stage];
      const dead = deadLetter.waiting + deadLetter.inFlight + deadLetter.delayed;
      return [stage, String(queue.waiting), String(queue.inFlight), String(queue.delayed), String(dead)];
    }),
  ]);

/** `sluice queues [--json]`: each stage's queue and DLQ depths, as SQS counts them. Only SQS is needed. */
export const queuesCommand = async (env: CliEnv, options: { json?: boolean }) => {
  const { s3, sqs } = createAwsClients(env);
  try {
    const report = await readQueuesReport(sqs, await resolveQueueUrls(sqs, env.SLUICE_PREFIX));
    process.stdout.write(options.json ? jsonText(report) : `${formatQueueDepths(report.queues)}\n`);
  } finally {
    s3.destroy();
    sqs.destroy();
  }
};
