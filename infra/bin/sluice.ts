import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadServiceCode } from '../src/service-code.ts';
import { DEFAULT_PREFIX, SluiceStack } from '../src/sluice-stack.ts';

// Options come from context: `cdk deploy -c prefix=sluice-dev -c alarmEmail=ops@example.com`.
const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const prefix = context('prefix') ?? DEFAULT_PREFIX;
const rickAndMorty = context('rickAndMortyApiUrl');
const alarmEmail = context('alarmEmail');

// No `env`: the stack is environment-agnostic and deploys to whatever account and region the CLI's
// credentials name (AWS_PROFILE, AWS_REGION).
new SluiceStack(app, prefix === DEFAULT_PREFIX ? 'SluiceStack' : `SluiceStack-${prefix}`, {
  prefix,
  code: loadServiceCode(fileURLToPath(new URL('../..', import.meta.url))),
  ...(rickAndMorty && { sourceUrls: { rickAndMorty } }),
  ...(alarmEmail && { alarmEmail }),
  description: `Sluice ETL (${prefix}): extractor, transformer and loader on Lambda, SQS, S3 and RDS MySQL`,
});

Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
