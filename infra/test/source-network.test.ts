import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceNetworkSettings } from '../src/source-network.ts';
import { buildStack, shippedPipeline } from './support/build-stack.ts';
import { functionOf, grantsOf, render, resourcesOf } from './support/template-queries.ts';

const NETWORK = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnetIds: ['subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60722'],
  databaseSecurityGroupId: 'sg-0a1b2c3d4e5f60799',
} satisfies SourceNetworkSettings;
const CONNECTION_SECRET =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/sakila-database-url-AbC123';
/** The shipped pipelines (sakila among them) with the sakila database's connection and network. */
const WITH_DATABASE = {
  sourceNetwork: NETWORK,
  sourceSecrets: { SAKILA_DATABASE_URL: CONNECTION_SECRET },
};

const vpcConfigOf = (template: Template, name: string) => {
  const config = functionOf(template, name).Properties.VpcConfig as Record<string, unknown[]> | undefined;
  return config && { subnets: config.SubnetIds?.map(render), groups: config.SecurityGroupIds?.map(render) };
};

const extractorGroupOf = (template: Template) => {
  const entry = Object.entries(resourcesOf(template, 'AWS::EC2::SecurityGroup')).find(
    ([, group]) => group.Properties.GroupName === 'sluice-extractor',
  );
  if (!entry) throw new Error('No security group sluice-extractor');
  return { id: entry[0], properties: entry[1].Properties };
};

const sluiceWarnings = (props: Parameters<typeof buildStack>[0]) =>
  Annotations.fromStack(buildStack(props))
    .findWarning('*', Match.stringLikeRegexp('.*'))
    .map((warning) => String(warning.entry.data).replace(/ \[ack: [^\]]+\]$/, ''))
    .filter((text) => !text.includes('AwsSolutions-'));

describe('Construct: SourceNetwork', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack(WITH_DATABASE));
  });

  it('puts the extractor in the given subnets, with a security group of its own, for a mysql pipeline', () => {
    // Act
    const config = vpcConfigOf(template, 'sluice-extractor');

    // Assess
    expect(config).toEqual({ subnets: NETWORK.subnetIds, groups: ['SourceNetworkExtractor.GroupId'] });
    expect(extractorGroupOf(template).properties.VpcId).toBe(NETWORK.vpcId);
  });

  it('synthesizes without a warning once the connection and network are given', () => {
    // Act
    const warnings = sluiceWarnings({ ...WITH_DATABASE, pipelines: [shippedPipeline('sakila')] });

    // Assess: CDK's own too, such as the imported subnets' missing route tables
    expect(warnings).toEqual([]);
  });

  it('leaves the transformer out of any VPC and the loader and migration in the warehouse’s', () => {
    // Assess
    expect(vpcConfigOf(template, 'sluice-transformer')).toBeUndefined();
    for (const name of ['sluice-loader', 'sluice-migrate']) {
      expect(vpcConfigOf(template, name)?.groups).toEqual(['NetworkDatabaseClients.GroupId']);
    }
  });

  it('keeps the extractor out of any VPC when no pipeline reads a MySQL database, and warns', () => {
    // Prepare
    const props = { ...WITH_DATABASE, sourceSecrets: {}, pipelines: [shippedPipeline('rickandmorty')] };

    // Act
    const other = Template.fromStack(buildStack(props));

    // Assess
    expect(vpcConfigOf(other, 'sluice-extractor')).toBeUndefined();
    expect(() => extractorGroupOf(other)).toThrow('No security group');
    expect(sluiceWarnings(props)).toEqual([
      'sourceNetwork is set, but no pipeline reads a MySQL database: the extractor stays outside the VPC',
    ]);
  });

  it('keeps the extractor out of any VPC without sourceNetwork', () => {
    // Act
    const other = Template.fromStack(buildStack());

    // Assess
    expect(vpcConfigOf(other, 'sluice-extractor')).toBeUndefined();
  });

  it('lets the extractor out to the database’s port and to HTTPS, and nowhere else', () => {
    // Prepare
    const group = extractorGroupOf(template);

    // Act
    const egress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupEgress')).filter(
      (rule) => render(rule.Properties.GroupId) === 'SourceNetworkExtractor.GroupId',
    );

    // Assess
    expect(group.properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
    expect(egress.map((rule) => rule.Properties)).toEqual([
      expect.objectContaining({
        DestinationSecurityGroupId: NETWORK.databaseSecurityGroupId,
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
      }),
    ]);
    expect(group.properties.SecurityGroupIngress).toBeUndefined();
  });

  it('admits the extractor to the database’s security group on the database’s port only', () => {
    // Act
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => rule.Properties.GroupId === NETWORK.databaseSecurityGroupId,
    );

    // Assess
    expect(
      ingress.map((rule) => ({
        ...rule.Properties,
        SourceSecurityGroupId: render(rule.Properties.SourceSecurityGroupId),
      })),
    ).toEqual([
      expect.objectContaining({
        SourceSecurityGroupId: 'SourceNetworkExtractor.GroupId',
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
      }),
    ]);
  });

  it('uses the database port it is given', () => {
    // Act
    const other = Template.fromStack(
      buildStack({ ...WITH_DATABASE, sourceNetwork: { ...NETWORK, databasePort: 3307 } }),
    );

    // Assess
    other.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 3307, ToPort: 3307 });
    other.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: NETWORK.databaseSecurityGroupId,
      FromPort: 3307,
    });
  });

  it('leaves the database’s security group alone with admitExtractor false, and outputs the extractor’s', () => {
    // Act
    const other = Template.fromStack(
      buildStack({ ...WITH_DATABASE, sourceNetwork: { ...NETWORK, admitExtractor: false } }),
    );

    // Assess
    other.resourcePropertiesCountIs(
      'AWS::EC2::SecurityGroupIngress',
      { GroupId: NETWORK.databaseSecurityGroupId },
      0,
    );
    other.hasOutput('ExtractorSecurityGroupId', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SourceNetworkExtractor'), 'GroupId'] },
    });
  });

  it('lets the extractor, and no other function, read the connection’s secret', () => {
    // Act
    const readers = ['sluice-extractor', 'sluice-transformer', 'sluice-loader', 'sluice-migrate'].filter(
      (name) => grantsOf(template, name)['secretsmanager:GetSecretValue']?.includes(CONNECTION_SECRET),
    );

    // Assess
    expect(readers).toEqual(['sluice-extractor']);
    expect(grantsOf(template, 'sluice-extractor')['secretsmanager:GetSecretValue']).toEqual([
      CONNECTION_SECRET,
    ]);
  });

  it('gives the extractor the secret’s ARN, never the connection URL', () => {
    // Act
    const variables = (
      functionOf(template, 'sluice-extractor').Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;

    // Assess
    expect(variables.SAKILA_DATABASE_URL_SECRET_ARN).toBe(CONNECTION_SECRET);
    expect(variables.SAKILA_DATABASE_URL).toBeUndefined();
  });

  it('lets the extractor manage its network interfaces once it is in the VPC', () => {
    // Assess
    expect(grantsOf(template, 'sluice-extractor')['ec2:CreateNetworkInterface']).toEqual(['*']);
  });
});

describe('SluiceStack: a mysql pipeline without sourceNetwork', () => {
  it('refuses at synth once the connection is given, naming the missing setting', () => {
    // Act
    const act = () => buildStack({ sourceSecrets: { SAKILA_DATABASE_URL: CONNECTION_SECRET } });

    // Assess
    expect(act).toThrow(
      'Pipeline sakila reads a MySQL database (sourceSecrets.SAKILA_DATABASE_URL) that the extractor can reach only inside its VPC, and sourceNetwork is not set',
    );
  });

  it('only warns when the deployment gives it nothing, as for any pipeline without its credential', () => {
    // Act
    const warnings = sluiceWarnings({ pipelines: [shippedPipeline('sakila')] });

    // Assess
    expect(warnings).toEqual([
      'Pipeline sakila reads SAKILA_DATABASE_URL, which neither extractorEnvironment nor sourceSecrets provides: its runs will fail (a MySQL connection: sourceSecrets, with sourceNetwork)',
    ]);
  });
});

describe('Function: assertValidSourceNetwork()', () => {
  it.each([
    [{ vpcId: 'my-vpc' }, 'vpcId: a VPC id (vpc-…), not my-vpc'],
    [{ subnetIds: [] }, 'subnetIds: a list of private subnet ids (subnet-…)'],
    [{ subnetIds: 'subnet-0a1b2c3d4e5f60711' }, 'subnetIds: a list of private subnet ids (subnet-…)'],
    [{ subnetIds: ['subnet-0a1b2c3d4e5f60711', 'sn-1'] }, 'subnetIds: subnet ids (subnet-…), not sn-1'],
    [{ databaseSecurityGroupId: undefined }, "databaseSecurityGroupId: the database's security group id"],
    [{ databasePort: 70_000 }, 'databasePort: a TCP port, not 70000'],
    [{ databasePort: '3306' }, 'databasePort: a TCP port, not 3306'],
    [{ admitExtractor: 'no' }, 'admitExtractor: true or false, not no'],
    [{ admitextractor: false }, 'admitextractor: not a setting (vpcId, subnetIds,'],
  ])('refuses %j', (change, message) => {
    // Act
    const act = () =>
      buildStack({ ...WITH_DATABASE, sourceNetwork: { ...NETWORK, ...change } as SourceNetworkSettings });

    // Assess
    expect(act).toThrow(message);
  });

  it('names every problem at once', () => {
    // Act
    const act = () =>
      buildStack({ sourceNetwork: { vpcId: 'x', subnetIds: [], databaseSecurityGroupId: 'y' } });

    // Assess
    expect(act).toThrow(
      /^Invalid sourceNetwork:\n {2}vpcId: .*\n {2}subnetIds: .*\n {2}databaseSecurityGroupId: /,
    );
  });
});
