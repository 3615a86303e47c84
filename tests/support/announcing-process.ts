/**
 * A process that announces itself in the consumer registry every second and does nothing else, until it
 * is killed: a stand-in for a poller, for flows that need a consumer to die without saying goodbye.
 * Reads the deployment from the environment, as a service does; prints `announced` once its record exists.
 */
import { announceConsumer, createAwsClients, fingerprintOfProcess, silentLogger } from '@sluice/runtime';

const { s3 } = createAwsClients({
  AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL,
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
});
await announceConsumer({
  s3,
  bucket: process.env.SLUICE_BUCKET ?? '',
  stage: 'extract',
  fingerprint: await fingerprintOfProcess(process.env),
  log: silentLogger(),
  intervalSeconds: 1,
});
process.stdout.write('announced\n');
// The heartbeat's timer is unref'd: this one keeps the process alive.
setInterval(() => {}, 60_000);
