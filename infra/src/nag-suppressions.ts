import { NagSuppressions } from 'cdk-nag';
import type { Migration } from './migration.ts';
import type { StageFunctions } from './stage-functions.ts';
import type { WarehouseDatabase } from './warehouse-database.ts';

export interface AcceptedParts {
  stages: StageFunctions;
  migration: Migration;
  database: WarehouseDatabase;
}

/**
 * The AwsSolutions findings this stack accepts, each with its reason. Everything else the pack reports is
 * fixed in the constructs (access logs, TLS-only policies, SSE, flow logs, an encrypted alarm topic, no
 * managed policies, …); an unsuppressed error fails `cdk synth`.
 */
export const acceptFindings = ({ stages, migration, database }: AcceptedParts): void => {
  for (const stage of Object.values(stages.byStage)) {
    NagSuppressions.addResourceSuppressions(
      stage.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Objects are keyed <area>/<pipeline>/<resource>/<runId>/<page>.json (state/<pipeline>/<resource>/… ' +
            'for cursors and page hashes, control/cancelled/<runId>.json for cancelled runs) and created at run ' +
            'time: the key area (raw/, processed/, rejected/, state/ or control/cancelled/) is the narrowest fixed ' +
            'scope, and each role gets only the areas and the single action (GetObject or PutObject) its stage ' +
            'uses on each.',
          appliesTo: [
            {
              regex:
                '/^Resource::<StagingBucket[0-9A-F]+\\.Arn>\\/(raw|processed|rejected|state|control\\/cancelled)\\/\\*$/g',
            },
          ],
        },
      ],
      true,
    );
  }

  // The loader and migration always; the extractor when a mysql pipeline puts it in the source VPC.
  const inVpc = [...Object.values(stages.byStage), migration.service].filter(({ fn }) => fn.isBoundToVpc);
  for (const { role } of inVpc) {
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The network-interface actions Lambda needs to run a function in a VPC (those of ' +
            'AWSLambdaVPCAccessExecutionRole, without its logs:* on every group). EC2 has no resource-level ' +
            'permissions for DescribeNetworkInterfaces and DescribeSubnets, and Lambda picks the ENIs itself.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }

  NagSuppressions.addResourceSuppressions(
    database.instance,
    [
      {
        id: 'AwsSolutions-RDS3',
        reason:
          'Single-AZ on purpose: the warehouse is written by a nightly batch, a failed load waits in SQS (and its ' +
          'DLQ, 14 days) until the database is back, and 7 days of automated backups restore it. Multi-AZ ' +
          'would double the instance bill; turn it on in warehouse-database.ts when the warehouse serves live readers.',
      },
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'MySQL stays on 3306: the instance is in isolated subnets with no route to or from the internet and ' +
          'its security group admits only the loader and migration; a non-default port hides nothing from them.',
      },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Not rotated yet: the loader reads the secret at cold start and keeps its connections, so a rotation ' +
          'would change the password under running loaders. Add instance.addRotationSingleUser() once the loader ' +
          're-reads the secret when authentication fails.',
      },
    ],
    true,
  );
};
