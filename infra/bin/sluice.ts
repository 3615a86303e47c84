import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readAppOptions } from '../src/app-context.ts';
import { readPipelineDefinitions } from '../src/pipeline-files.ts';
import { loadServiceCode } from '../src/service-code.ts';
import { DEFAULT_PREFIX, SluiceStack } from '../src/sluice-stack.ts';

// Options come from context: `cdk deploy -c prefix=sluice-dev -c alarmEmail=ops@example.com
// -c sourceSecrets='{"COINCAP_API_KEY":"arn:aws:secretsmanager:…"}'
// -c sourceNetwork='{"vpcId":"vpc-…","subnetIds":["subnet-…"],"databaseSecurityGroupId":"sg-…"}'`.
const app = new App();
const { prefix = DEFAULT_PREFIX, ...options } = readAppOptions((key) => app.node.tryGetContext(key));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// No `env`: the stack is environment-agnostic and deploys to whatever account and region the CLI's
// credentials name (AWS_PROFILE, AWS_REGION).
new SluiceStack(app, prefix === DEFAULT_PREFIX ? 'SluiceStack' : `SluiceStack-${prefix}`, {
  prefix,
  code: loadServiceCode(repoRoot),
  // The same files the build bundled with the functions (loadServiceCode checks they agree).
  pipelines: await readPipelineDefinitions(join(repoRoot, 'pipelines')),
  ...options,
  description: `Sluice ETL (${prefix}): extractor, transformer and loader on Lambda, SQS, S3 and RDS MySQL`,
});

Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
