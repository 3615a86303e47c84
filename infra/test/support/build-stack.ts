import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readPipelineDefinitions } from '../../src/pipeline-files.ts';
import { SluiceStack, type SluiceStackProps } from '../../src/sluice-stack.ts';

/** The repository's pipeline files, as `bin/sluice.ts` reads them. */
export const PIPELINES_DIR = fileURLToPath(new URL('../../../pipelines', import.meta.url));
export const SHIPPED_PIPELINES = await readPipelineDefinitions(PIPELINES_DIR);

/** A shipped pipeline by name, to build variants of. */
export const shippedPipeline = (name: string) => {
  const pipeline = SHIPPED_PIPELINES.find((candidate) => candidate.name === name);
  if (!pipeline) throw new Error(`No pipelines/${name}.yaml`);
  return pipeline;
};

// The same feature flags as `cdk synth`, so the tests see the template a deploy would.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** Stands in for a bundle: the tests never run the functions, they only need code to point at. */
export const inlineCode = (name: string): lambda.Code =>
  lambda.Code.fromInline(`export const handler = async () => ({ stub: '${name}' });`);

export const stubCode = (): SluiceStackProps['code'] => ({
  extractor: inlineCode('extractor'),
  transformer: inlineCode('transformer'),
  loader: inlineCode('loader'),
  migrate: inlineCode('migrate'),
});

export interface BuildOptions {
  /** Runs the AwsSolutions checks, as `bin/sluice.ts` does. */
  nag?: boolean;
  /** Context on top of cdk.json's. */
  context?: Record<string, unknown>;
}

/** A SluiceStack with stub code and the shipped pipelines, in an app of its own. */
export const buildStack = (
  props: Partial<SluiceStackProps> = {},
  options: BuildOptions = {},
): SluiceStack => {
  const app = new App({ context: { ...cdkJson.context, ...options.context } });
  const stack = new SluiceStack(app, 'SluiceStack', {
    code: stubCode(),
    pipelines: SHIPPED_PIPELINES,
    ...props,
  });
  if (options.nag) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return stack;
};
