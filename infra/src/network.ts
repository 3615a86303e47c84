import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface NetworkProps {
  prefix: string;
  logBucket: s3.IBucket;
}

/**
 * A VPC for the warehouse and the functions that talk to it (loader, migration). Isolated subnets only:
 * no NAT gateway (about $32 a month each) and no internet gateway. What those functions need from AWS
 * they reach through endpoints: S3 through a free gateway endpoint, SQS (the loader's DLQ) and Secrets
 * Manager through interface endpoints. The extractor, which needs the internet, stays outside.
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Worn by the loader and the migration; the database admits this group and no other. */
  readonly databaseClients: ec2.SecurityGroup;
  /** What the database clients depend on to reach AWS; a migration must wait for them. */
  readonly endpoints: Construct[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: props.prefix,
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toS3(props.logBucket, 'vpc-flow-logs/'),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    this.databaseClients = new ec2.SecurityGroup(this, 'DatabaseClients', {
      vpc: this.vpc,
      securityGroupName: `${props.prefix}-database-clients`,
      description: 'Sluice loader and migration: may reach the warehouse and the AWS endpoints',
      // Outbound stays open: the subnets have no route out of the VPC but to the endpoints, and the S3
      // gateway endpoint is reached through a region-specific prefix list we cannot name offline.
      allowAllOutbound: true,
    });

    const gateway = this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const interfaces = [
      ['Sqs', ec2.InterfaceVpcEndpointAwsService.SQS],
      ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    ] as const;
    const interfaceEndpoints = interfaces.map(([name, service]) => {
      const endpoint = this.vpc.addInterfaceEndpoint(name, { service, privateDnsEnabled: true, open: false });
      endpoint.connections.allowDefaultPortFrom(this.databaseClients, 'HTTPS from the database clients');
      return endpoint;
    });
    this.endpoints = [gateway, ...interfaceEndpoints];
  }
}
