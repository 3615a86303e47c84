import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { pipelineTotal, SERVICES, stageMetric } from './stage-metrics.ts';

export interface OperationsDashboardProps {
  prefix: string;
  /** The deployed pipelines' names: a row of charts each. */
  pipelines: readonly string[];
  /** Shown at the top, in their current state. */
  alarms: cloudwatch.IAlarm[];
}

/** One pipeline's row: what its pages became, what its loads wrote, how long each stage's batches took. */
const pipelineRow = (prefix: string, pipeline: string): cloudwatch.IWidget[] => {
  const loader = { service: 'loader', pipeline };
  return [
    new cloudwatch.GraphWidget({
      title: `${pipeline}: pages`,
      width: 8,
      left: [
        stageMetric(prefix, 'PagesLoaded', loader).with({ label: 'loaded' }),
        stageMetric(prefix, 'PagesSkipped', loader).with({ label: 'skipped (unchanged)' }),
        pipelineTotal(prefix, 'PagesDeadLettered', pipeline, 'dead-lettered'),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: `${pipeline}: rows written and records rejected`,
      width: 8,
      left: [stageMetric(prefix, 'RowsWritten', loader).with({ label: 'rows written' })],
      right: [stageMetric(prefix, 'RecordsRejected', loader).with({ label: 'records rejected' })],
    }),
    new cloudwatch.GraphWidget({
      title: `${pipeline}: batch handling time, p90 (ms)`,
      width: 8,
      left: SERVICES.map((service) =>
        stageMetric(prefix, 'HandlingTime', { service, pipeline }).with({ label: service }),
      ),
    }),
  ];
};

/**
 * A CloudWatch dashboard, `<prefix>`, on the metrics the stage functions write as embedded-metric log
 * lines: the alarms first, then a row per pipeline. Nothing to run or pay per metric beyond CloudWatch's
 * own: Lambda turns the lines into metrics.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.prefix,
      defaultInterval: Duration.days(1),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 })],
        ...props.pipelines.map((pipeline) => pipelineRow(props.prefix, pipeline)),
      ],
    });
  }
}
