import type { Stage } from '@sluice/contracts';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { allowMissingObjectsToBeSeen, allowObjects, allowSecretRead, allowSend } from './grants.ts';
import type { Network } from './network.ts';
import { type FunctionPlacement, ServiceFunction } from './service-function.ts';
import type { StageQueues } from './stage-queues.ts';
import { BATCH_SIZE, STAGE_SETTINGS } from './stage-settings.ts';
import { DATABASE_NAME, type WarehouseDatabase } from './warehouse-database.ts';

const title = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

export interface StageFunctionsProps {
  prefix: string;
  code: Record<'extractor' | 'transformer' | 'loader', lambda.Code>;
  bucket: s3.IBucket;
  queues: StageQueues;
  network: Network;
  database: WarehouseDatabase;
  /** The environment every Sluice function shares (SLUICE_PREFIX, SLUICE_BUCKET, LOG_LEVEL, …). */
  baseEnvironment: Record<string, string>;
  /** Added to the extractor's environment: what `${VAR}` in pipeline files reads (no credentials). */
  extractorEnvironment?: Record<string, string>;
  /** Variable name → complete secret ARN: the extractor gets `<NAME>_SECRET_ARN` and may read that secret. */
  sourceSecrets?: Record<string, string>;
  /** The source databases' VPC (SourceNetwork), when a mysql pipeline is deployed; else no VPC at all. */
  extractorPlacement?: FunctionPlacement;
}

/**
 * The URLs of the queues a service resolves at start (runtime's QUEUE_URL_VARIABLES). Given, so that it
 * never looks one up: sqs:GetQueueUrl is granted on the consumed queue only. A URL grants nothing.
 */
const queueUrls = (queues: StageQueues, stages: readonly Stage[]): Record<string, string> =>
  Object.fromEntries(
    stages.flatMap((stage) => {
      const { queue, deadLetterQueue } = queues.byStage[stage];
      const name = stage.toUpperCase();
      return [
        [`${name}_QUEUE_URL`, queue.queueUrl],
        [`${name}_DLQ_URL`, deadLetterQueue.queueUrl],
      ];
    }),
  );

/** `entries` added to `environment`; a name the stack already sets is refused rather than overridden. */
const withExtra = (
  environment: Record<string, string>,
  entries: Record<string, string>,
  what: string,
): Record<string, string> => {
  const taken = Object.keys(entries).filter((name) => name in environment);
  if (taken.length > 0) throw new Error(`${what}: ${taken.join(', ')} is set by the stack itself`);
  return { ...environment, ...entries };
};

/**
 * The three stage functions, each consuming its own queue with partial batch responses and allowed to do
 * what its service does and no more. Consuming a queue (receive, delete, change visibility for backoff) is
 * granted by its event source.
 */
export class StageFunctions extends Construct {
  readonly byStage: Record<Stage, ServiceFunction>;

  constructor(scope: Construct, id: string, props: StageFunctionsProps) {
    super(scope, id);
    this.byStage = {
      extract: this.createExtractor(props),
      transform: this.createTransformer(props),
      load: this.createLoader(props),
    };
  }

  private createExtractor(props: StageFunctionsProps): ServiceFunction {
    const { extract, transform, load } = props.queues.byStage;
    const secrets = Object.entries(props.sourceSecrets ?? {}).map(([name, arn]) => ({
      variable: `${name}_SECRET_ARN`,
      secret: secretsmanager.Secret.fromSecretCompleteArn(this, `SourceSecret${name}`, arn),
    }));
    const own = { ...props.baseEnvironment, ...queueUrls(props.queues, ['extract', 'transform', 'load']) };
    const withVariables = withExtra(own, props.extractorEnvironment ?? {}, 'extractorEnvironment');
    const secretArns = Object.fromEntries(
      secrets.map(({ variable, secret }) => [variable, secret.secretArn]),
    );
    const extractor = this.createStageFunction(
      'extract',
      props,
      withExtra(withVariables, secretArns, 'sourceSecrets'),
      props.extractorPlacement,
    );
    allowObjects(extractor.role, 's3:PutObject', props.bucket, ['raw']);
    // Cursors and the hashes of pages loaded before, which the loader publishes.
    allowObjects(extractor.role, 's3:GetObject', props.bucket, ['state', 'control/cancelled']);
    // A state object not written yet must read as 404, not 403.
    allowMissingObjectsToBeSeen(extractor.role, props.bucket);
    // It fans a run's pages 2..N out to its own queue, and sends unchanged pages straight to the loader.
    allowSend(extractor.role, [extract.queue, transform.queue, load.queue, extract.deadLetterQueue]);
    // Each credential's secret and no other: the extractor reads `<NAME>_SECRET_ARN` at start.
    for (const { secret } of secrets) allowSecretRead(extractor.role, secret);
    return extractor;
  }

  private createTransformer(props: StageFunctionsProps): ServiceFunction {
    const { transform, load } = props.queues.byStage;
    const transformer = this.createStageFunction('transform', props, {
      ...props.baseEnvironment,
      ...queueUrls(props.queues, ['transform', 'load']),
    });
    allowObjects(transformer.role, 's3:GetObject', props.bucket, ['raw', 'control/cancelled']);
    allowObjects(transformer.role, 's3:PutObject', props.bucket, ['processed', 'rejected']);
    allowMissingObjectsToBeSeen(transformer.role, props.bucket);
    allowSend(transformer.role, [load.queue, transform.deadLetterQueue]);
    return transformer;
  }

  private createLoader(props: StageFunctionsProps): ServiceFunction {
    const { load } = props.queues.byStage;
    const loader = this.createStageFunction(
      'load',
      props,
      {
        ...props.baseEnvironment,
        ...queueUrls(props.queues, ['load']),
        DATABASE_SECRET_ARN: props.database.secret.secretArn,
        DATABASE_NAME,
      },
      // The only stage that needs the database, so the only one in the VPC.
      { vpc: props.network.vpc, securityGroups: [props.network.databaseClients] },
    );
    allowObjects(loader.role, 's3:GetObject', props.bucket, ['processed', 'control/cancelled']);
    // It publishes each resource's cursor and each loaded page's hash for the extractor.
    allowObjects(loader.role, 's3:PutObject', props.bucket, ['state']);
    allowMissingObjectsToBeSeen(loader.role, props.bucket);
    // Its own queue too: a page it dead-letters is reported there, for the run ledger (page.failed).
    allowSend(loader.role, [load.queue, load.deadLetterQueue]);
    allowSecretRead(loader.role, props.database.secret);
    // A cold loader must not start before it can reach SQS and Secrets Manager from the isolated subnets.
    loader.fn.node.addDependency(...props.network.endpoints);
    return loader;
  }

  private createStageFunction(
    stage: Stage,
    props: StageFunctionsProps,
    environment: Record<string, string>,
    vpc?: FunctionPlacement,
  ): ServiceFunction {
    const settings = STAGE_SETTINGS[stage];
    const service = new ServiceFunction(this, title(settings.service), {
      functionName: `${props.prefix}-${settings.service}`,
      description: `Sluice ${settings.service}: consumes ${props.prefix}-${stage}`,
      code: props.code[settings.service],
      timeout: settings.timeout,
      memorySize: settings.memorySize,
      environment,
      ...(vpc && { vpc }),
    });
    service.fn.addEventSource(
      new SqsEventSource(props.queues.byStage[stage].queue, {
        batchSize: BATCH_SIZE,
        reportBatchItemFailures: true,
        maxBatchingWindow: settings.batchingWindow,
        maxConcurrency: settings.maxConcurrency,
      }),
    );
    return service;
  }
}
