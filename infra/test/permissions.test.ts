import { cursorStateKey, pageStatesKey } from '@sluice/contracts';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_AREA } from '../src/grants.ts';
import { buildStack } from './support/build-stack.ts';
import { asList, grantsOf, resourcesOf, type Statement } from './support/template-queries.ts';

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const CONSUME = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
const NETWORK_INTERFACES = [
  'ec2:AssignPrivateIpAddresses',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:UnassignPrivateIpAddresses',
];

describe('Least privilege', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it('never allows a wildcard action', () => {
    // Prepare
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
    const inline = Object.values(resourcesOf(template, 'AWS::IAM::Role')).flatMap(
      (role) => (role.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? [],
    );

    // Act
    const actions = [
      ...policies.map((policy) => policy.Properties.PolicyDocument),
      ...inline.map((p) => p.PolicyDocument),
    ]
      .flatMap((document) => (document as { Statement: Statement[] }).Statement)
      .flatMap((statement) => asList(statement.Action));

    // Assess
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('attaches no managed policy to the Sluice functions’ roles', () => {
    // Assess
    const sluiceRoles = Object.values(resourcesOf(template, 'AWS::IAM::Role')).filter((role) =>
      String(role.Properties.Description ?? '').startsWith('Runs sluice-'),
    );
    expect(sluiceRoles).toHaveLength(4);
    for (const role of sluiceRoles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('lets the extractor write raw/, read state/, and send to its own queue, the next two and its DLQ', () => {
    // Act
    const grants = grantsOf(template, 'sluice-extractor');

    // Assess
    expect(Object.keys(grants).sort()).toEqual(
      [...LOGS, ...CONSUME, 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:SendMessage'].sort(),
    );
    expect(grants['s3:PutObject']).toEqual(['StagingBucket.Arn/raw/*']);
    expect(grants['s3:GetObject']).toEqual([
      'StagingBucket.Arn/control/cancelled/*',
      'StagingBucket.Arn/state/*',
    ]);
    // A cursor or page hash not published yet must read as 404 NoSuchKey (no state), not 403.
    expect(grants['s3:ListBucket']).toEqual(['StagingBucket.Arn']);
    // Unchanged pages go straight to the load queue.
    expect(grants['sqs:SendMessage']).toEqual([
      'QueuesExtractDeadLetterQueue.Arn',
      'QueuesExtractQueue.Arn',
      'QueuesLoadQueue.Arn',
      'QueuesTransformQueue.Arn',
    ]);
    expect(grants['sqs:ReceiveMessage']).toEqual(['QueuesExtractQueue.Arn']);
  });

  it('keys state/ as contracts do', () => {
    // Assess: the grants above name the area; the keys the services use must live under it
    expect(cursorStateKey('coincap', 'assets')).toMatch(new RegExp(`^${STATE_AREA}/`));
    expect(pageStatesKey('coincap', 'assets')).toMatch(new RegExp(`^${STATE_AREA}/`));
  });

  it('lets the extractor read each source secret and no other', () => {
    // Prepare
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/coincap-api-key-AbC123';

    // Act
    const grants = grantsOf(
      Template.fromStack(buildStack({ sourceSecrets: { COINCAP_API_KEY: arn } })),
      'sluice-extractor',
    );

    // Assess
    expect(grants['secretsmanager:GetSecretValue']).toEqual([arn]);
    expect(grantsOf(template, 'sluice-extractor')['secretsmanager:GetSecretValue']).toBeUndefined();
  });

  it('lets the transformer read raw/, write processed/ and rejected/, and send to the load queue and its DLQ', () => {
    // Act
    const grants = grantsOf(template, 'sluice-transformer');

    // Assess
    expect(Object.keys(grants).sort()).toEqual(
      [...LOGS, ...CONSUME, 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:SendMessage'].sort(),
    );
    expect(grants['s3:GetObject']).toEqual([
      'StagingBucket.Arn/control/cancelled/*',
      'StagingBucket.Arn/raw/*',
    ]);
    expect(grants['s3:PutObject']).toEqual(['StagingBucket.Arn/processed/*', 'StagingBucket.Arn/rejected/*']);
    // Bucket-level only, so that a missing object reads as 404 NoSuchKey (dead-lettered at once), not 403.
    expect(grants['s3:ListBucket']).toEqual(['StagingBucket.Arn']);
    expect(grants['sqs:SendMessage']).toEqual(['QueuesLoadQueue.Arn', 'QueuesTransformDeadLetterQueue.Arn']);
    expect(grants['sqs:ReceiveMessage']).toEqual(['QueuesTransformQueue.Arn']);
  });

  it('lets the loader read processed/, write state/, send to its DLQ and read the database secret only', () => {
    // Act
    const grants = grantsOf(template, 'sluice-loader');

    // Assess
    expect(Object.keys(grants).sort()).toEqual(
      [
        ...LOGS,
        ...CONSUME,
        ...NETWORK_INTERFACES,
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
      ].sort(),
    );
    expect(grants['s3:GetObject']).toEqual([
      'StagingBucket.Arn/control/cancelled/*',
      'StagingBucket.Arn/processed/*',
    ]);
    expect(grants['s3:PutObject']).toEqual(['StagingBucket.Arn/state/*']);
    expect(grants['sqs:SendMessage']).toEqual(['QueuesLoadDeadLetterQueue.Arn', 'QueuesLoadQueue.Arn']);
    expect(grants['sqs:ReceiveMessage']).toEqual(['QueuesLoadQueue.Arn']);
    expect(grants['secretsmanager:GetSecretValue']).toEqual(['WarehouseInstanceSecretAttachment']);
  });

  it('lets the migration read the database secret and nothing in S3 or SQS', () => {
    // Act
    const grants = grantsOf(template, 'sluice-migrate');

    // Assess
    expect(Object.keys(grants).sort()).toEqual(
      [...LOGS, ...NETWORK_INTERFACES, 'secretsmanager:GetSecretValue'].sort(),
    );
    expect(grants['secretsmanager:GetSecretValue']).toEqual(['WarehouseInstanceSecretAttachment']);
  });

  it.each([
    ['sluice-extractor', 'StagesExtractorLogs'],
    ['sluice-transformer', 'StagesTransformerLogs'],
    ['sluice-loader', 'StagesLoaderLogs'],
    ['sluice-migrate', 'MigrationMigrateLogs'],
  ])('lets %s write logs to %s only', (name, group) => {
    // Act
    const resources = grantsOf(template, name)['logs:PutLogEvents'] ?? [];

    // Assess
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(resource).toContain(group);
  });

  it('grants ENI management on * to the functions in the VPC only', () => {
    // Assess
    expect(grantsOf(template, 'sluice-loader')['ec2:CreateNetworkInterface']).toEqual(['*']);
    expect(grantsOf(template, 'sluice-extractor')['ec2:CreateNetworkInterface']).toBeUndefined();
    expect(grantsOf(template, 'sluice-transformer')['ec2:CreateNetworkInterface']).toBeUndefined();
  });
});
