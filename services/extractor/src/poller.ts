import { type ExtractMessage, parseMessage } from '@sluice/contracts';
import { createBatcher, createLogger, pollingFrom, startPoller, stopOnSignals } from '@sluice/runtime';
import { createExtractorDeps } from './deps.ts';
import { readExtractorEnv } from './env.ts';
import { extractMessages } from './extract.ts';

const env = readExtractorEnv();
const log = createLogger('extractor', { level: env.LOG_LEVEL });
const deps = await createExtractorDeps(env);
// The pages of one receive are staged as one raw object.
const extractTogether = createBatcher((messages: ExtractMessage[]) => extractMessages(messages, deps), {
  maxItems: env.EXTRACT_BATCH_SIZE,
  lingerMs: 5,
});

const poller = startPoller({
  stage: 'extract',
  queues: deps.queues.extract,
  failureReportUrl: deps.queues.load.url,
  sqs: deps.sqs,
  log,
  batchSize: env.EXTRACT_BATCH_SIZE,
  consumers: env.EXTRACT_CONSUMERS,
  ...pollingFrom(env),
  handle: (body) => extractTogether(parseMessage('extract', body)),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
