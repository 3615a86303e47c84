import type { CliEnv } from '../config.ts';
import { connectPlatform } from '../platform.ts';
import { readQueueDepths } from '../queue-depths.ts';
import { readRunProgress } from '../run-progress.ts';
import { formatRunSummary, summariseRun } from '../run-summary.ts';

/** `sluice status [runId]`: the latest run, or the one named, with the queues' and DLQs' depths. */
export const statusCommand = async (runId: string | undefined, env: CliEnv, options: { json?: boolean }) => {
  const platform = await connectPlatform(env);
  try {
    const [progress, depths] = await Promise.all([
      readRunProgress(platform.warehouse.db, runId),
      readQueueDepths(platform.sqs, platform.queues),
    ]);
    if (!progress) {
      process.stdout.write(runId ? `No run ${runId}\n` : 'No runs yet: `npx sluice run rickandmorty`\n');
      if (runId) process.exitCode = 1;
      return;
    }
    const summary = await summariseRun(platform.warehouse.db, progress, depths, {
      seconds: null,
      bucket: platform.bucket,
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...summary, queues: depths }, null, 2)}\n`);
      return;
    }
    const queues = Object.entries(depths)
      .map(([stage, depth]) => `${stage} ${depth.queue.waiting} waiting / ${depth.queue.inFlight} in flight`)
      .join(', ');
    process.stdout.write(`${formatRunSummary(summary)}\nQueues: ${queues}\n`);
  } finally {
    await platform.close();
  }
};
