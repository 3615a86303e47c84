import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Node 24 (LTS) is what the services are written for; the bundles are ESM (`index.mjs`). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Places a function in a VPC with these security groups. */
export interface FunctionPlacement {
  vpc: ec2.IVpc;
  securityGroups: ec2.ISecurityGroup[];
  /** The subnets for its network interfaces; the VPC's isolated subnets (the warehouse's) unless given. */
  subnets?: ec2.SubnetSelection;
}

export interface ServiceFunctionProps {
  functionName: string;
  description: string;
  code: lambda.Code;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  vpc?: FunctionPlacement;
}

/**
 * One Sluice function with a role of its own that starts empty: log writing to its own log group (instead
 * of AWSLambdaBasicExecutionRole's logs on every group), ENI management when it lives in the VPC, and
 * nothing else until the stack grants it exactly what its service does.
 */
export class ServiceFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      // A retained group with this name would block the next deployment of a stack of the same prefix.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.functionName}`,
    });
    logGroup.grant(this.role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    if (props.vpc) this.role.addToPolicy(networkInterfaceStatement());

    this.fn = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup,
      // The services already write JSON lines; this makes Lambda's own START/REPORT lines JSON too.
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      ...(props.vpc && {
        vpc: props.vpc.vpc,
        vpcSubnets: props.vpc.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: props.vpc.securityGroups,
      }),
    });
  }
}

/**
 * What Lambda needs to attach a function to a VPC (the actions of AWSLambdaVPCAccessExecutionRole, without
 * its log permissions). EC2 does not scope these to resources (DescribeNetworkInterfaces has no
 * resource-level permissions at all), hence `*`.
 */
const networkInterfaceStatement = (): iam.PolicyStatement =>
  new iam.PolicyStatement({
    sid: 'ManageVpcNetworkInterfaces',
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    resources: ['*'],
  });
