import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from './support/build-stack.ts';
import { functionIdOf, render, resourcesOf } from './support/template-queries.ts';

describe('Construct: WarehouseDatabase', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it('runs MySQL 8.4, encrypted, private, protected from deletion and backed up', () => {
    // Assess
    template.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'mysql',
        EngineVersion: Match.stringLikeRegexp('^8\\.4\\.\\d+$'),
        StorageEncrypted: true,
        PubliclyAccessible: false,
        DeletionProtection: true,
        BackupRetentionPeriod: 7,
        MultiAZ: false,
      }),
      DeletionPolicy: 'Snapshot',
    });
  });

  it('generates the admin credentials into Secrets Manager', () => {
    // Assess
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: Match.absent(),
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
        SecretStringTemplate: '{"username":"sluice_admin"}',
      }),
    });
    template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      TargetType: 'AWS::RDS::DBInstance',
    });
  });

  it('places the database in the isolated subnets', () => {
    // Assess
    const [group] = Object.values(resourcesOf(template, 'AWS::RDS::DBSubnetGroup'));
    expect(render(group?.Properties.SubnetIds)).toBe(
      'NetworkVpcisolatedSubnet1Subnet,NetworkVpcisolatedSubnet2Subnet',
    );
  });

  it('admits MySQL on 3306 from the database clients’ security group only', () => {
    // Prepare
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => render(rule.Properties.GroupId) === 'WarehouseSecurityGroup.GroupId',
    );

    // Assess
    expect(ingress.map((rule) => rule.Properties)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
        SourceSecurityGroupId: {
          'Fn::GetAtt': [expect.stringMatching(/^NetworkDatabaseClients/), 'GroupId'],
        },
      }),
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupName: 'sluice-warehouse',
      SecurityGroupIngress: Match.absent(),
    });
  });
});

describe('Construct: Network', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it('builds a VPC of two isolated subnets with no NAT or internet gateway', () => {
    // Assess
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  it('reaches S3 through a gateway endpoint and SQS and Secrets Manager through interface endpoints', () => {
    // Act
    const endpoints = Object.values(resourcesOf(template, 'AWS::EC2::VPCEndpoint')).map(
      (endpoint) => `${endpoint.Properties.VpcEndpointType} ${render(endpoint.Properties.ServiceName)}`,
    );

    // Assess
    expect(endpoints.sort()).toEqual([
      expect.stringMatching(/^Gateway com\.amazonaws\..*\.s3$/),
      expect.stringMatching(/^Interface com\.amazonaws\..*\.secretsmanager$/),
      expect.stringMatching(/^Interface com\.amazonaws\..*\.sqs$/),
    ]);
  });

  it('opens the interface endpoints to the database clients only', () => {
    // Prepare
    const endpointGroups = Object.values(resourcesOf(template, 'AWS::EC2::VPCEndpoint'))
      .filter((endpoint) => endpoint.Properties.VpcEndpointType === 'Interface')
      .flatMap((endpoint) => (endpoint.Properties.SecurityGroupIds as unknown[]).map(render));

    // Act
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).filter((rule) =>
      endpointGroups.includes(render(rule.Properties.GroupId)),
    );

    // Assess
    expect(endpointGroups).toHaveLength(2);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule.Properties).toMatchObject({ FromPort: 443, ToPort: 443 });
      expect(render(rule.Properties.SourceSecurityGroupId)).toBe('NetworkDatabaseClients.GroupId');
    }
  });

  it('logs the VPC’s traffic to the log bucket', () => {
    // Assess
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 's3',
      TrafficType: 'ALL',
      LogDestination: {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsBucket'), 'Arn'] }, '/vpc-flow-logs/'],
        ],
      },
    });
  });
});

describe('Construct: Migration', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it('runs the migrate function on deploy, after the database and the endpoints', () => {
    // Prepare
    const [trigger] = Object.values(resourcesOf(template, 'Custom::Trigger'));

    // Assess
    expect(trigger?.Properties).toMatchObject({
      InvocationType: 'RequestResponse',
      ExecuteOnHandlerChange: true,
      Timeout: String(5 * 60 * 1000),
    });
    expect(render(trigger?.Properties.HandlerArn)).toMatch(/^MigrationMigrateFunctionCurrentVersion/);
    const dependsOn = (trigger?.DependsOn ?? []).map((id) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        'WarehouseInstance',
        'WarehouseInstanceSecretAttachment',
        'NetworkVpcS3',
        'NetworkVpcSqs',
        'NetworkVpcSecretsManager',
      ]),
    );
  });

  it('points the trigger at a version of the migrate function', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Version', {
      FunctionName: { Ref: functionIdOf(template, 'sluice-migrate') },
    });
  });

  it('updates the loader only after the migration has run', () => {
    // Prepare
    const loader = resourcesOf(template, 'AWS::Lambda::Function')[functionIdOf(template, 'sluice-loader')];

    // Assess
    expect(loader?.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^MigrationTrigger[0-9A-F]{8}$/)]),
    );
  });
});
