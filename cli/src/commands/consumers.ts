import { bucketName } from '@sluice/contracts';
import { createAwsClients } from '@sluice/runtime';
import type { CliEnv } from '../config.ts';
import { formatConsumers } from '../consumers/format-consumers.ts';
import { readConsumersReport } from '../reports/consumers-report.ts';
import { jsonText } from '../reports/json-text.ts';

/** `sluice consumers [--json]`: the service processes polling the deployment's queues. Only S3 is needed. */
export const consumersCommand = async (env: CliEnv, options: { json?: boolean }) => {
  const { s3, sqs } = createAwsClients(env);
  try {
    const bucket = env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX);
    const report = await readConsumersReport({ s3, bucket }, env);
    process.stdout.write(options.json ? jsonText(report) : `${formatConsumers(report.consumers)}\n`);
  } finally {
    s3.destroy();
    sqs.destroy();
  }
};
