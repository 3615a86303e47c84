import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from './support/build-stack.ts';
import { functionIdOf, functionOf, render, resourcesOf } from './support/template-queries.ts';

const FUNCTIONS = ['sluice-extractor', 'sluice-transformer', 'sluice-loader', 'sluice-migrate'] as const;

const BASE_ENVIRONMENT = ['LOG_LEVEL', 'SLUICE_BUCKET', 'SLUICE_PREFIX'];
const queueVariables = (...stages: string[]) =>
  stages.flatMap((stage) => [`${stage}_QUEUE_URL`, `${stage}_DLQ_URL`]);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/coincap-api-key-AbC123';

const environmentOf = (template: Template, name: string): Record<string, string> => {
  const variables = (
    functionOf(template, name).Properties.Environment as { Variables: Record<string, unknown> }
  ).Variables;
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, render(value)]));
};

describe('Construct: StageFunctions', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it.each(FUNCTIONS)('runs %s on Node.js 24, arm64, handler index.handler', (name) => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: name,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
    });
  });

  it.each(['sluice-extractor', 'sluice-transformer', 'sluice-loader'])('gives %s 60 s and 512 MB', (name) => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: name,
      Timeout: 60,
      MemorySize: 512,
    });
  });

  it.each(FUNCTIONS)('writes %s’s logs to /aws/lambda/<name>, kept a month', (name) => {
    // Prepare
    const logGroupRef = (functionOf(template, name).Properties.LoggingConfig as { LogGroup: unknown })
      .LogGroup;

    // Act
    const logGroup = resourcesOf(template, 'AWS::Logs::LogGroup')[(logGroupRef as { Ref: string }).Ref];

    // Assess
    expect(logGroup?.Properties).toEqual({ LogGroupName: `/aws/lambda/${name}`, RetentionInDays: 30 });
  });

  it('gives the extractor the shared settings and the URLs of every queue it resolves at start', () => {
    // Act
    const environment = environmentOf(template, 'sluice-extractor');

    // Assess: given, so that it never calls GetQueueUrl, which its role may do on its own queue only
    expect(Object.keys(environment).sort()).toEqual(
      [...BASE_ENVIRONMENT, ...queueVariables('EXTRACT', 'TRANSFORM', 'LOAD')].sort(),
    );
    expect(environment).toMatchObject({
      SLUICE_PREFIX: 'sluice',
      LOG_LEVEL: 'info',
      EXTRACT_QUEUE_URL: 'QueuesExtractQueue',
      EXTRACT_DLQ_URL: 'QueuesExtractDeadLetterQueue',
      TRANSFORM_QUEUE_URL: 'QueuesTransformQueue',
      TRANSFORM_DLQ_URL: 'QueuesTransformDeadLetterQueue',
      LOAD_QUEUE_URL: 'QueuesLoadQueue',
      LOAD_DLQ_URL: 'QueuesLoadDeadLetterQueue',
    });
  });

  it('adds extractorEnvironment to the extractor’s environment only', () => {
    // Prepare
    const withUrl = Template.fromStack(
      buildStack({ extractorEnvironment: { RICK_AND_MORTY_API_URL: 'https://mirror.example/api' } }),
    );

    // Act
    const environment = environmentOf(withUrl, 'sluice-extractor');

    // Assess
    expect(environment.RICK_AND_MORTY_API_URL).toBe('https://mirror.example/api');
    expect(environmentOf(withUrl, 'sluice-transformer').RICK_AND_MORTY_API_URL).toBeUndefined();
    expect(environmentOf(template, 'sluice-extractor').RICK_AND_MORTY_API_URL).toBeUndefined();
  });

  it('gives the extractor <NAME>_SECRET_ARN for each source secret, not the secret', () => {
    // Act
    const environment = environmentOf(
      Template.fromStack(buildStack({ sourceSecrets: { COINCAP_API_KEY: SECRET_ARN } })),
      'sluice-extractor',
    );

    // Assess
    expect(environment.COINCAP_API_KEY_SECRET_ARN).toBe(SECRET_ARN);
    expect(environment.COINCAP_API_KEY).toBeUndefined();
  });

  it.each([
    [{ COINCAP_API_KEY: 'k3y' }, "extractorEnvironment: 'COINCAP_API_KEY' is a pipeline's credential"],
    [
      { SAKILA_DATABASE_URL: 'mysql://u:p@db:3306/sakila' },
      "extractorEnvironment: 'SAKILA_DATABASE_URL' is a pipeline's credential",
    ],
    [{ GITHUB_TOKEN: 'ghp_x' }, "extractorEnvironment: 'GITHUB_TOKEN' looks like a credential"],
    [{ DB_PASSWORD: 'x' }, "extractorEnvironment: 'DB_PASSWORD' looks like a credential"],
    [{ AWS_REGION: 'eu-west-1' }, "extractorEnvironment: 'AWS_REGION' is not a variable name Lambda accepts"],
    [{ 'RICK-URL': 'x' }, "extractorEnvironment: 'RICK-URL' is not a variable name Lambda accepts"],
    [{ SLUICE_PREFIX: 'other' }, 'extractorEnvironment: SLUICE_PREFIX is set by the stack itself'],
  ])('refuses extractorEnvironment %j', (extractorEnvironment, message) => {
    // Act
    const act = () => buildStack({ extractorEnvironment });

    // Assess
    expect(act).toThrow(message);
  });

  it('points a credential at Secrets Manager when it is given in extractorEnvironment', () => {
    // Act
    const act = () => buildStack({ extractorEnvironment: { COINCAP_API_KEY: 'k3y' } });

    // Assess
    expect(act).toThrow("pass sourceSecrets: { COINCAP_API_KEY: '<secret ARN>' } instead");
  });

  it.each([
    [
      { COINCAP_API_KEY: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:coincap' },
      "sourceSecrets: COINCAP_API_KEY needs the secret's complete ARN",
    ],
    [{ COINCAP_API_KEY: 'my-key-value' }, "sourceSecrets: COINCAP_API_KEY needs the secret's complete ARN"],
    [{ 'coincap-key': SECRET_ARN }, "sourceSecrets: 'coincap-key' is not a variable name"],
  ])('refuses sourceSecrets %j', (sourceSecrets, message) => {
    // Act
    const act = () => buildStack({ sourceSecrets });

    // Assess
    expect(act).toThrow(message);
  });

  it('refuses a variable given both in clear and as a secret', () => {
    // Act
    const act = () =>
      buildStack({
        extractorEnvironment: { COINCAP_API_URL: 'https://mirror.example' },
        sourceSecrets: { COINCAP_API_URL: SECRET_ARN },
      });

    // Assess
    expect(act).toThrow('COINCAP_API_URL is in both sourceSecrets and extractorEnvironment');
  });

  it('gives the transformer the URLs of its queues and the load queues', () => {
    // Act
    const environment = environmentOf(template, 'sluice-transformer');

    // Assess
    expect(Object.keys(environment).sort()).toEqual(
      [...BASE_ENVIRONMENT, ...queueVariables('TRANSFORM', 'LOAD')].sort(),
    );
    expect(environment).toMatchObject({
      TRANSFORM_QUEUE_URL: 'QueuesTransformQueue',
      TRANSFORM_DLQ_URL: 'QueuesTransformDeadLetterQueue',
      LOAD_QUEUE_URL: 'QueuesLoadQueue',
      LOAD_DLQ_URL: 'QueuesLoadDeadLetterQueue',
    });
  });

  it('gives the loader its queues and the database secret and name', () => {
    // Act
    const environment = environmentOf(template, 'sluice-loader');

    // Assess
    expect(Object.keys(environment).sort()).toEqual(
      [...BASE_ENVIRONMENT, 'DATABASE_NAME', 'DATABASE_SECRET_ARN', ...queueVariables('LOAD')].sort(),
    );
    expect(environment).toMatchObject({
      LOAD_QUEUE_URL: 'QueuesLoadQueue',
      LOAD_DLQ_URL: 'QueuesLoadDeadLetterQueue',
      DATABASE_SECRET_ARN: 'WarehouseInstanceSecretAttachment',
      DATABASE_NAME: 'sluice',
    });
  });

  it('gives the migration the loader’s settings without the queues', () => {
    // Act
    const environment = environmentOf(template, 'sluice-migrate');

    // Assess
    expect(Object.keys(environment).sort()).toEqual(
      [...BASE_ENVIRONMENT, 'DATABASE_NAME', 'DATABASE_SECRET_ARN'].sort(),
    );
  });

  it.each([
    ['sluice-extractor', 'QueuesExtractQueue'],
    ['sluice-transformer', 'QueuesTransformQueue'],
    ['sluice-loader', 'QueuesLoadQueue'],
  ])('feeds %s from %s, 10 at a time, reporting partial batch failures', (name, queue) => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionIdOf(template, name) },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${queue}[0-9A-F]{8}$`), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('batches the loader for 5 s and caps it at 4 concurrent invocations, without reserved concurrency', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionIdOf(template, 'sluice-loader') },
      MaximumBatchingWindowInSeconds: 5,
      ScalingConfig: { MaximumConcurrency: 4 },
    });
    expect(functionOf(template, 'sluice-loader').Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('caps the extractor at 2 concurrent invocations, to spare the source API', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionIdOf(template, 'sluice-extractor') },
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('keeps the extractor and transformer out of the VPC and puts the loader and migration in it', () => {
    // Assess
    expect(functionOf(template, 'sluice-extractor').Properties.VpcConfig).toBeUndefined();
    expect(functionOf(template, 'sluice-transformer').Properties.VpcConfig).toBeUndefined();
    for (const name of ['sluice-loader', 'sluice-migrate']) {
      const vpcConfig = functionOf(template, name).Properties.VpcConfig as Record<string, unknown[]>;
      expect(vpcConfig.SubnetIds?.map(render)).toEqual([
        'NetworkVpcisolatedSubnet1Subnet',
        'NetworkVpcisolatedSubnet2Subnet',
      ]);
      expect(vpcConfig.SecurityGroupIds?.map(render)).toEqual(['NetworkDatabaseClients.GroupId']);
    }
  });

  it('names functions after the prefix', () => {
    // Prepare
    const other = Template.fromStack(buildStack({ prefix: 'sluice-dev' }));

    // Assess
    other.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'sluice-dev-loader' });
    other.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'sluice-dev-load-dlq' });
  });
});
