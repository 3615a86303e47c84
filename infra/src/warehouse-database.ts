import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Network } from './network.ts';

/** The schema the loader writes; created by the migration (utf8mb4), not by RDS. */
export const DATABASE_NAME = 'sluice';

const MYSQL_PORT = 3306;

/** The newest MySQL 8.4 (LTS) that aws-cdk-lib 2.276 names. */
export const MYSQL_VERSION = rds.MysqlEngineVersion.VER_8_4_10;

/**
 * The MySQL warehouse on RDS, in the VPC's isolated subnets, reachable on 3306 from the database clients'
 * security group only. Its admin credentials are generated into Secrets Manager; the secret holds host,
 * port, username and password, and DATABASE_NAME names the schema.
 */
export class WarehouseDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: { prefix: string; network: Network }) {
    super(scope, id);
    const { vpc, databaseClients } = props.network;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      securityGroupName: `${props.prefix}-warehouse`,
      description: 'Sluice warehouse: MySQL from the database clients only',
      allowAllOutbound: false,
    });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: `${props.prefix}-warehouse`,
      engine: rds.DatabaseInstanceEngine.mysql({ version: MYSQL_VERSION }),
      // The smallest Graviton class: a nightly load of a few thousand rows is nowhere near its limits.
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [securityGroup],
      publiclyAccessible: false,
      // MySQL's own port (see the AwsSolutions-RDS11 suppression).
      port: MYSQL_PORT,
      // The secret's name is left to CloudFormation: a deleted secret keeps its name for up to 30 days, which
      // would block a redeploy under the same prefix. The functions get its ARN.
      credentials: rds.Credentials.fromGeneratedSecret('sluice_admin'),
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      // Single-AZ by choice (see the AwsSolutions-RDS3 suppression): Multi-AZ doubles the bill.
      multiAz: false,
      backupRetention: Duration.days(7),
      deleteAutomatedBackups: false,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: false,
    });
    // A literal port rather than allowDefaultPortFrom's token, so the rule reads 3306 in the template.
    this.instance.connections.allowFrom(
      databaseClients,
      ec2.Port.tcp(MYSQL_PORT),
      'MySQL from the loader and migration',
    );
    if (!this.instance.secret) throw new Error('The warehouse was created without its generated secret');
    this.secret = this.instance.secret;
  }
}
