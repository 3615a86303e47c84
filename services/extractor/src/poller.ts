import { parseMessage } from '@sluice/contracts';
import { createLogger, pollingFrom, startPoller, stopOnSignals } from '@sluice/runtime';
import { createExtractorDeps } from './deps.ts';
import { readExtractorEnv } from './env.ts';
import { handleExtractMessage } from './extract.ts';

const env = readExtractorEnv();
const log = createLogger('extractor', { level: env.LOG_LEVEL });
const deps = await createExtractorDeps(env);

const poller = startPoller({
  stage: 'extract',
  queues: deps.queues.extract,
  sqs: deps.sqs,
  log,
  batchSize: env.EXTRACT_BATCH_SIZE,
  consumers: env.EXTRACT_CONSUMERS,
  ...pollingFrom(env),
  handle: (body) => handleExtractMessage(parseMessage('extract', body), deps),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
