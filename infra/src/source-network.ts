import { credentialVariablesOf, type PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { Annotations, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { FunctionPlacement } from './service-function.ts';

/**
 * Where a mysql pipeline's database is reachable from: an existing VPC, never created by the stack (it is
 * the application's own). Given as the `sourceNetwork` context, e.g.
 * `{"vpcId":"vpc-0…","subnetIds":["subnet-0…","subnet-0…"],"databaseSecurityGroupId":"sg-0…"}`.
 */
export interface SourceNetworkSettings {
  vpcId: string;
  /**
   * Private subnets of that VPC for the extractor's network interfaces, routed to a NAT gateway: through
   * it the extractor reaches S3, SQS and Secrets Manager (or through the VPC's own endpoints) and the web
   * sources of the other pipelines. Two availability zones or more, so one zone down stops nothing.
   */
  subnetIds: string[];
  /** The database's security group: the extractor may reach it on `databasePort` and nothing else there. */
  databaseSecurityGroupId: string;
  /** 3306 unless given. */
  databasePort?: number;
  /**
   * Adds the rule admitting the extractor to the database's security group (the default). `false` when
   * that group is managed elsewhere: admit the `ExtractorSecurityGroupId` output there instead.
   */
  admitExtractor?: boolean;
}

export const DEFAULT_SOURCE_DATABASE_PORT = 3306;

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

const KNOWN_KEYS = ['vpcId', 'subnetIds', 'databaseSecurityGroupId', 'databasePort', 'admitExtractor'];

const problemsOf = (settings: SourceNetworkSettings): string[] => {
  const { vpcId, subnetIds, databaseSecurityGroupId, databasePort, admitExtractor } = settings;
  // A misspelt optional key would otherwise fall back to its default unseen.
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN_KEYS.includes(key))
    .map((key) => `${key}: not a setting (${KNOWN_KEYS.join(', ')})`);
  if (typeof vpcId !== 'string' || !VPC_ID.test(vpcId)) {
    problems.push(`vpcId: a VPC id (vpc-…), not ${vpcId}`);
  }
  if (!Array.isArray(subnetIds) || subnetIds.length === 0) {
    problems.push('subnetIds: a list of private subnet ids (subnet-…)');
  } else {
    const invalid = subnetIds.filter((id) => typeof id !== 'string' || !SUBNET_ID.test(id));
    if (invalid.length > 0) problems.push(`subnetIds: subnet ids (subnet-…), not ${invalid.join(', ')}`);
  }
  if (typeof databaseSecurityGroupId !== 'string' || !SECURITY_GROUP_ID.test(databaseSecurityGroupId)) {
    problems.push(
      `databaseSecurityGroupId: the database's security group id (sg-…), not ${databaseSecurityGroupId}`,
    );
  }
  if (
    databasePort !== undefined &&
    !(Number.isInteger(databasePort) && databasePort > 0 && databasePort < 65536)
  ) {
    problems.push(`databasePort: a TCP port, not ${databasePort}`);
  }
  if (admitExtractor !== undefined && typeof admitExtractor !== 'boolean') {
    problems.push(`admitExtractor: true or false, not ${admitExtractor}`);
  }
  return problems;
};

/** Context is untyped JSON: every field is checked, and every problem named at once. */
export const assertValidSourceNetwork = (settings: SourceNetworkSettings): void => {
  const problems = problemsOf(settings);
  if (problems.length > 0) throw new Error(`Invalid sourceNetwork:\n  ${problems.join('\n  ')}`);
};

/** The pipelines that read a MySQL database: with sourceNetwork, they put the extractor in its VPC. */
export const mysqlPipelinesOf = (pipelines: readonly PipelineDefinition[]): string[] =>
  pipelines.filter(({ source }) => source.type === 'mysql').map(({ name }) => name);

/**
 * A mysql pipeline whose connection the deployment gives (sourceSecrets) is meant to run, and without
 * sourceNetwork its every page would time out at a database the extractor cannot reach: refused at synth.
 * One given nothing only warns, as any pipeline without its credential does (its runs fail alone).
 */
export const assertSourceNetworkGiven = (
  pipelines: readonly PipelineDefinition[],
  sourceSecrets: Record<string, string>,
  network: SourceNetworkSettings | undefined,
): void => {
  if (network) return;
  for (const pipeline of pipelines) {
    if (pipeline.source.type !== 'mysql') continue;
    const given = credentialVariablesOf(pipeline).find((name) => name in sourceSecrets);
    if (given === undefined) continue;
    throw new Error(
      `Pipeline ${pipeline.name} reads a MySQL database (sourceSecrets.${given}) that the extractor can reach ` +
        'only inside its VPC, and sourceNetwork is not set: give it as ' +
        `-c sourceNetwork='{"vpcId":"vpc-…","subnetIds":["subnet-…","subnet-…"],"databaseSecurityGroupId":"sg-…"}' ` +
        '(infra/README.md, "Deploy a mysql pipeline")',
    );
  }
};

/**
 * The VPC and subnets, imported from their ids rather than looked up: the stack names no account or region,
 * so synth has nothing to look up in, and a function needs only the ids. CDK's warnings about what the ids
 * leave unknown (the zones, the route tables) are acknowledged: nothing here reads either.
 */
const importNetwork = (scope: Construct, vpcId: string, subnetIds: readonly string[]) => {
  const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId, availabilityZones: Fn.getAzs() });
  Annotations.of(vpc).acknowledgeWarning(
    '@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones',
    'The function names its subnets; nothing here selects subnets by zone',
  );
  const subnets = subnetIds.map((subnetId) => {
    const subnet = ec2.Subnet.fromSubnetId(scope, subnetId, subnetId);
    Annotations.of(subnet).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      'A function needs only the subnet id; nothing here reads the route table',
    );
    return subnet;
  });
  return { vpc, subnets };
};

export interface SourceNetworkProps {
  prefix: string;
  settings: SourceNetworkSettings;
}

/**
 * The extractor's place in the source database's VPC: the given subnets, and a security group of its own
 * that reaches the database on its port and, for the rest, HTTPS only. HTTPS goes anywhere: the subnets'
 * routes decide where it can go (a NAT gateway, the VPC's endpoints), and the S3 gateway endpoint's prefix
 * list has no name an environment-agnostic stack could write. No endpoints are created: the VPC is the
 * application's, and a second SQS or Secrets Manager endpoint with private DNS would clash with its own.
 */
export class SourceNetwork extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly placement: FunctionPlacement;

  constructor(scope: Construct, id: string, props: SourceNetworkProps) {
    super(scope, id);
    const { vpcId, subnetIds, databaseSecurityGroupId } = props.settings;
    const port = ec2.Port.tcp(props.settings.databasePort ?? DEFAULT_SOURCE_DATABASE_PORT);
    const admitExtractor = props.settings.admitExtractor ?? true;
    const { vpc, subnets } = importNetwork(this, vpcId, subnetIds);
    this.securityGroup = new ec2.SecurityGroup(this, 'Extractor', {
      vpc,
      securityGroupName: `${props.prefix}-extractor`,
      description: `Sluice extractor (${props.prefix}): the source database on its port, and HTTPS`,
      allowAllOutbound: false,
    });
    // Immutable when the database's group is managed elsewhere: then no rule is added to it.
    const database = ec2.SecurityGroup.fromSecurityGroupId(this, 'Database', databaseSecurityGroupId, {
      mutable: admitExtractor,
    });
    this.securityGroup.addEgressRule(database, port, 'MySQL to the source database');
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      // EC2 takes ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* in a rule's description.
      'HTTPS: AWS APIs and web sources, through a NAT gateway or the VPC endpoints',
    );
    database.addIngressRule(this.securityGroup, port, `MySQL from ${props.prefix}-extractor`);
    this.placement = { vpc, securityGroups: [this.securityGroup], subnets: { subnets } };
  }
}
