import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import { LogBucket } from './log-bucket.ts';
import { Migration } from './migration.ts';
import { acceptFindings } from './nag-suppressions.ts';
import { Network } from './network.ts';
import { type PipelineSchedule, Schedules } from './schedules.ts';
import { assertValidPipelines, assertValidPrefix } from './stack-props.ts';
import { StageFunctions } from './stage-functions.ts';
import { StageQueues } from './stage-queues.ts';
import { StagingBucket } from './staging-bucket.ts';
import { WarehouseDatabase } from './warehouse-database.ts';

/** The bundles `npm run build` writes: each a folder with an `index.mjs` exporting `handler`. */
export interface ServiceCode {
  extractor: lambda.Code;
  transformer: lambda.Code;
  loader: lambda.Code;
  migrate: lambda.Code;
}

export interface SluiceStackProps extends StackProps {
  /** Names the queues, functions, rules and alarms of this deployment (`<prefix>-extract`, …). */
  prefix?: string;
  code: ServiceCode;
  pipelines?: PipelineSchedule[];
  /** Source API base URLs; unset means the services' defaults (the public APIs). */
  sourceUrls?: { rickAndMorty?: string };
  /** Receives the DLQ alarms (after confirming AWS's subscription email). */
  alarmEmail?: string;
}

export const DEFAULT_PREFIX = 'sluice';

/** Nightly at 03:00 UTC. */
export const DEFAULT_PIPELINES: PipelineSchedule[] = [
  { name: 'rickandmorty', schedule: 'cron(0 3 * * ? *)' },
];

/**
 * Sluice in AWS: the staging bucket, the three stage queues and their DLQs, the extractor, transformer and
 * loader as Lambda functions consuming them, the MySQL warehouse on RDS with its migration on deploy, a
 * schedule per pipeline and an alarm per DLQ.
 */
export class SluiceStack extends Stack {
  constructor(scope: Construct, id: string, props: SluiceStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? DEFAULT_PREFIX;
    const pipelines = props.pipelines ?? DEFAULT_PIPELINES;
    assertValidPrefix(prefix);
    assertValidPipelines(pipelines);

    const logs = new LogBucket(this, 'Logs');
    const staging = new StagingBucket(this, 'Staging', { logBucket: logs.bucket });
    const queues = new StageQueues(this, 'Queues', { prefix });
    const network = new Network(this, 'Network', { prefix, logBucket: logs.bucket });
    const database = new WarehouseDatabase(this, 'Warehouse', { prefix, network });

    // What every Sluice process reads (see `runtime`'s PlatformEnvSchema); AWS_REGION is Lambda's own.
    const baseEnvironment = {
      SLUICE_PREFIX: prefix,
      SLUICE_BUCKET: staging.bucket.bucketName,
      LOG_LEVEL: 'info',
      // No NODE_OPTIONS=--enable-source-maps: the maps are kept out of the uploaded bundles
      // (services/*/dist/*.mjs.map), to be applied to a stack trace by hand when needed.
    };
    const stages = new StageFunctions(this, 'Stages', {
      prefix,
      code: props.code,
      bucket: staging.bucket,
      queues,
      network,
      database,
      baseEnvironment,
      ...(props.sourceUrls?.rickAndMorty && { rickAndMortyApiUrl: props.sourceUrls.rickAndMorty }),
    });
    const migration = new Migration(this, 'Migration', {
      prefix,
      code: props.code.migrate,
      network,
      database,
      baseEnvironment,
    });
    // A deploy that adds a migration updates the loader only once the migration has run.
    migration.trigger.executeBefore(stages.byStage.load.fn);
    new Schedules(this, 'Schedules', { prefix, pipelines, extractor: stages.byStage.extract.fn });
    const alarms = new Alarms(this, 'Alarms', {
      prefix,
      deadLetterQueues: queues.deadLetterQueues,
      ...(props.alarmEmail && { email: props.alarmEmail }),
    });

    acceptFindings({ stages, migration, database });

    new CfnOutput(this, 'BucketName', { value: staging.bucket.bucketName });
    new CfnOutput(this, 'ExtractorFunctionName', { value: stages.byStage.extract.fn.functionName });
    new CfnOutput(this, 'DatabaseEndpoint', { value: database.instance.dbInstanceEndpointAddress });
    new CfnOutput(this, 'DatabaseSecretArn', { value: database.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
