import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { allowSecretRead } from './grants.ts';
import type { Network } from './network.ts';
import { ServiceFunction } from './service-function.ts';
import { DATABASE_NAME, type WarehouseDatabase } from './warehouse-database.ts';

export interface MigrationProps {
  prefix: string;
  code: lambda.Code;
  network: Network;
  database: WarehouseDatabase;
  baseEnvironment: Record<string, string>;
}

/**
 * Applies the committed migrations (`services/loader/drizzle/`, bundled into the migrate function) during
 * `cdk deploy`, once the database and the endpoints are up. The trigger runs whenever the function's code
 * or configuration changes, which is whenever a migration was added (they are bundled into it). A failed
 * migration fails the deploy and CloudFormation rolls the stack back; the stack updates the loader only
 * after the trigger, so a new loader never meets an old schema.
 */
export class Migration extends Construct {
  readonly service: ServiceFunction;
  readonly trigger: Trigger;

  constructor(scope: Construct, id: string, props: MigrationProps) {
    super(scope, id);
    const timeout = Duration.minutes(5);
    this.service = new ServiceFunction(this, 'Migrate', {
      functionName: `${props.prefix}-migrate`,
      description: 'Sluice: applies the warehouse migrations on deploy',
      code: props.code,
      // Creating the schema on an empty database takes seconds; the margin is for a slow first connection.
      timeout,
      memorySize: 512,
      environment: {
        ...props.baseEnvironment,
        DATABASE_SECRET_ARN: props.database.secret.secretArn,
        DATABASE_NAME,
      },
      vpc: { vpc: props.network.vpc, securityGroups: [props.network.databaseClients] },
    });
    allowSecretRead(this.service.role, props.database.secret);

    this.trigger = new Trigger(this, 'Trigger', {
      handler: this.service.fn,
      executeOnHandlerChange: true,
      // The trigger's own default is 2 minutes, whatever the function's timeout.
      timeout,
      executeAfter: [props.database, ...props.network.endpoints],
    });
  }
}
