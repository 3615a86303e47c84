import type { Stage } from '@sluice/contracts';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
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
  rickAndMortyApiUrl?: string;
}

/**
 * The three stage functions, each consuming its own queue with partial batch responses and allowed to do
 * what its service does and no more. Consuming a queue (receive, delete, change visibility for backoff) is
 * granted by its event source.
 */
export class StageFunctions extends Construct {
  readonly byStage: Record<Stage, ServiceFunction>;

  constructor(scope: Construct, id: string, props: StageFunctionsProps) {
    super(scope, id);
    const { extract, transform, load } = props.queues.byStage;

    const extractor = this.createStageFunction('extract', props, {
      EXTRACT_QUEUE_URL: extract.queue.queueUrl,
      EXTRACT_DLQ_URL: extract.deadLetterQueue.queueUrl,
      TRANSFORM_QUEUE_URL: transform.queue.queueUrl,
      ...(props.rickAndMortyApiUrl && { RICK_AND_MORTY_API_URL: props.rickAndMortyApiUrl }),
    });
    allowObjects(extractor.role, 's3:PutObject', props.bucket, ['raw']);
    // The extractor fans a run's pages 2..N out to its own queue.
    allowSend(extractor.role, [extract.queue, transform.queue, extract.deadLetterQueue]);

    const transformer = this.createStageFunction('transform', props, {
      TRANSFORM_QUEUE_URL: transform.queue.queueUrl,
      TRANSFORM_DLQ_URL: transform.deadLetterQueue.queueUrl,
      LOAD_QUEUE_URL: load.queue.queueUrl,
    });
    allowObjects(transformer.role, 's3:GetObject', props.bucket, ['raw']);
    allowObjects(transformer.role, 's3:PutObject', props.bucket, ['processed', 'rejected']);
    allowMissingObjectsToBeSeen(transformer.role, props.bucket);
    allowSend(transformer.role, [load.queue, transform.deadLetterQueue]);

    const loader = this.createStageFunction(
      'load',
      props,
      {
        LOAD_QUEUE_URL: load.queue.queueUrl,
        LOAD_DLQ_URL: load.deadLetterQueue.queueUrl,
        DATABASE_SECRET_ARN: props.database.secret.secretArn,
        DATABASE_NAME,
      },
      // The only stage that needs the database, so the only one in the VPC.
      { vpc: props.network.vpc, securityGroups: [props.network.databaseClients] },
    );
    allowObjects(loader.role, 's3:GetObject', props.bucket, ['processed']);
    allowMissingObjectsToBeSeen(loader.role, props.bucket);
    allowSend(loader.role, [load.deadLetterQueue]);
    allowSecretRead(loader.role, props.database.secret);
    // A cold loader must not start before it can reach SQS and Secrets Manager from the isolated subnets.
    loader.fn.node.addDependency(...props.network.endpoints);

    this.byStage = { extract: extractor, transform: transformer, load: loader };
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
      environment: { ...props.baseEnvironment, ...environment },
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
