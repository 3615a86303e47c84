import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import { OperationsDashboard } from './dashboard.ts';
import { LogBucket } from './log-bucket.ts';
import { Migration } from './migration.ts';
import { acceptFindings } from './nag-suppressions.ts';
import { Network } from './network.ts';
import { Schedules } from './schedules.ts';
import {
  assertSourceNetworkGiven,
  assertValidSourceNetwork,
  mysqlPipelinesOf,
  SourceNetwork,
  type SourceNetworkSettings,
} from './source-network.ts';
import { credentialVariables, sourceVariables, unprovidedVariables } from './source-variables.ts';
import {
  assertValidExtractorEnvironment,
  assertValidPipelines,
  assertValidPrefix,
  assertValidSourceSecrets,
} from './stack-props.ts';
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
  /**
   * The pipeline files (`readPipelineDefinitions('pipelines')`): one schedule rule each. The same files are
   * bundled with the functions by `npm run build`.
   */
  pipelines: readonly PipelineDefinition[];
  /**
   * The extractor's values for `${VAR}` in pipeline files, e.g. `{ RICK_AND_MORTY_API_URL: '…' }`; unset
   * variables take the files' defaults. No credentials: a name that looks like one is refused.
   */
  extractorEnvironment?: Record<string, string>;
  /**
   * Credentials from Secrets Manager, by variable: `{ COINCAP_API_KEY: '<complete secret ARN>' }` gives the
   * extractor COINCAP_API_KEY_SECRET_ARN, which it reads at start, and the right to read that secret only.
   * A secret under a customer-managed KMS key also needs kms:Decrypt, which the stack does not grant.
   */
  sourceSecrets?: Record<string, string>;
  /**
   * The VPC a mysql pipeline's database is reachable from: with a mysql pipeline deployed, the extractor runs
   * in its subnets with a security group of its own. Required once such a pipeline's connection is in
   * sourceSecrets.
   */
  sourceNetwork?: SourceNetworkSettings;
  /** Receives the DLQ alarms (after confirming AWS's subscription email). */
  alarmEmail?: string;
}

export const DEFAULT_PREFIX = 'sluice';

/**
 * Sluice in AWS: the staging bucket, the three stage queues and their DLQs, the extractor, transformer and
 * loader as Lambda functions consuming them, the MySQL warehouse on RDS with its migration on deploy, a
 * schedule per pipeline, an alarm per DLQ and per pipeline, and a dashboard of the stages' metrics.
 */
export class SluiceStack extends Stack {
  constructor(scope: Construct, id: string, props: SluiceStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? DEFAULT_PREFIX;
    const extractorEnvironment = props.extractorEnvironment ?? {};
    const sourceSecrets = props.sourceSecrets ?? {};
    assertValidPrefix(prefix);
    assertValidPipelines(prefix, props.pipelines);
    assertValidExtractorEnvironment(extractorEnvironment, credentialVariables(props.pipelines));
    assertValidSourceSecrets(sourceSecrets, extractorEnvironment);
    if (props.sourceNetwork) assertValidSourceNetwork(props.sourceNetwork);
    assertSourceNetworkGiven(props.pipelines, sourceSecrets, props.sourceNetwork);
    this.warnAboutVariables(props.pipelines, extractorEnvironment, sourceSecrets);

    const logs = new LogBucket(this, 'Logs');
    const staging = new StagingBucket(this, 'Staging', { logBucket: logs.bucket });
    const queues = new StageQueues(this, 'Queues', { prefix });
    const network = new Network(this, 'Network', { prefix, logBucket: logs.bucket });
    const database = new WarehouseDatabase(this, 'Warehouse', { prefix, network });
    const sourceNetwork = this.createSourceNetwork(prefix, props);

    // What every Sluice process reads (see `runtime`'s PlatformEnvSchema); AWS_REGION is Lambda's own.
    const baseEnvironment = {
      SLUICE_PREFIX: prefix,
      SLUICE_BUCKET: staging.bucket.bucketName,
      LOG_LEVEL: 'info',
      // No NODE_OPTIONS=--enable-source-maps: the maps are kept out of the uploaded bundles
      // (services/*/dist/*.maps/), to be applied to a stack trace by hand when needed.
    };
    const stages = new StageFunctions(this, 'Stages', {
      prefix,
      code: props.code,
      bucket: staging.bucket,
      queues,
      network,
      database,
      baseEnvironment,
      extractorEnvironment,
      sourceSecrets,
      ...(sourceNetwork && { extractorPlacement: sourceNetwork.placement }),
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
    new Schedules(this, 'Schedules', {
      prefix,
      pipelines: props.pipelines,
      extractQueue: queues.byStage.extract.queue,
    });
    const pipelineNames = props.pipelines.map((pipeline) => pipeline.name);
    const alarms = new Alarms(this, 'Alarms', {
      prefix,
      deadLetterQueues: queues.deadLetterQueues,
      pipelines: pipelineNames,
      ...(props.alarmEmail && { email: props.alarmEmail }),
    });
    new OperationsDashboard(this, 'Dashboard', {
      prefix,
      pipelines: pipelineNames,
      alarms: [...alarms.alarms, ...alarms.pipelineAlarms],
    });

    acceptFindings({ stages, migration, database });

    new CfnOutput(this, 'BucketName', { value: staging.bucket.bucketName });
    new CfnOutput(this, 'ExtractorFunctionName', { value: stages.byStage.extract.fn.functionName });
    new CfnOutput(this, 'DatabaseEndpoint', { value: database.instance.dbInstanceEndpointAddress });
    new CfnOutput(this, 'DatabaseSecretArn', { value: database.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    if (sourceNetwork) {
      // For a database security group managed elsewhere (admitExtractor: false), to admit there.
      new CfnOutput(this, 'ExtractorSecurityGroupId', { value: sourceNetwork.securityGroup.securityGroupId });
    }
  }

  /** The extractor joins the source VPC only for a mysql pipeline: the others need none of it. */
  private createSourceNetwork(prefix: string, props: SluiceStackProps): SourceNetwork | undefined {
    if (!props.sourceNetwork) return undefined;
    if (mysqlPipelinesOf(props.pipelines).length === 0) {
      Annotations.of(this).addWarningV2(
        'sluice:unused-source-network',
        'sourceNetwork is set, but no pipeline reads a MySQL database: the extractor stays outside the VPC',
      );
      return undefined;
    }
    return new SourceNetwork(this, 'SourceNetwork', { prefix, settings: props.sourceNetwork });
  }

  /**
   * Warnings, not errors: a deployment may leave out a pipeline's credential on purpose (its runs fail
   * alone), and `cdk synth` without options must still work.
   */
  private warnAboutVariables(
    pipelines: readonly PipelineDefinition[],
    environment: Record<string, string>,
    secrets: Record<string, string>,
  ): void {
    const warn = (id: string, message: string) => Annotations.of(this).addWarningV2(id, message);
    const credentials = credentialVariables(pipelines);
    const read = sourceVariables(pipelines);
    const secretNames = Object.keys(secrets);
    const provided = [...Object.keys(environment), ...secretNames.filter((name) => credentials.has(name))];
    const databases = new Set(mysqlPipelinesOf(pipelines));
    for (const { pipeline, variables } of unprovidedVariables(pipelines, provided)) {
      const how = databases.has(pipeline) ? ' (a MySQL connection: sourceSecrets, with sourceNetwork)' : '';
      warn(
        `sluice:unprovided-variable:${pipeline}`,
        `Pipeline ${pipeline} reads ${variables.join(', ')}, which neither extractorEnvironment nor sourceSecrets provides: its runs will fail${how}`,
      );
    }
    for (const name of Object.keys(environment).filter((variable) => !read.has(variable))) {
      warn(
        `sluice:unread-variable:${name}`,
        `extractorEnvironment.${name}: no pipeline file reads \${${name}}`,
      );
    }
    for (const name of secretNames.filter((variable) => !credentials.has(variable))) {
      warn(
        `sluice:unread-secret:${name}`,
        `sourceSecrets.${name}: no pipeline's auth reads \${${name}}, and the extractor reads secrets for credentials only`,
      );
    }
  }
}
