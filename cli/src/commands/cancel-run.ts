import { cancelledRunKey } from '@sluice/contracts';
import { writeStateObject } from '@sluice/runtime';
import { cancelRun } from '@sluice/warehouse';
import type { CliEnv } from '../config.ts';
import { connectPlatform } from '../platform.ts';
import { jsonText } from '../reports/json-text.ts';

/**
 * `sluice run cancel <runId>`: the ledger marks the run cancelled, and the marker every stage reads is
 * written, so that each stage acknowledges the run's remaining messages without doing their work.
 */
export const cancelRunCommand = async (runId: string, env: CliEnv, options: { json?: boolean }) => {
  const platform = await connectPlatform(env);
  try {
    const now = new Date();
    const outcome = await cancelRun(platform.warehouse.db, runId, now);
    if (outcome?.cancelled) {
      await writeStateObject(platform.s3, platform.bucket, cancelledRunKey(runId), {
        runId,
        cancelledAt: now.toISOString(),
      });
    }
    const said = !outcome
      ? `No run ${runId}: \`npx sluice status\` shows the latest one`
      : outcome.cancelled
        ? `Run ${runId} cancelled: its messages still queued are acknowledged without work; \`npx sluice status ${runId}\` shows what it had loaded`
        : `Run ${runId} has ${outcome.status} already: nothing to cancel`;
    if (options.json) {
      process.stdout.write(
        jsonText({
          runId,
          cancelled: outcome?.cancelled ?? false,
          status: outcome && !outcome.cancelled ? outcome.status : outcome ? 'cancelled' : null,
        }),
      );
    } else process.stdout.write(`${said}\n`);
    if (!outcome?.cancelled) process.exitCode = 1;
  } finally {
    await platform.close();
  }
};
