import { type MetricName, metricsNamespaceOf, STAGES } from '@sluice/contracts';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { STAGE_SETTINGS } from './stage-settings.ts';

/** The period of every alarm and chart on the stages' metrics. */
export const METRIC_PERIOD = Duration.minutes(5);

/**
 * One of the metrics the stage functions write as embedded-metric log lines (see @sluice/contracts'
 * METRIC_UNITS), for one service and pipeline: its only dimensions. Counts are summed; the handling time
 * is read at its 90th percentile unless told otherwise.
 */
export const stageMetric = (
  prefix: string,
  name: MetricName,
  dimensions: { service: string; pipeline: string },
  statistic = name === 'HandlingTime' ? 'p90' : 'Sum',
): cloudwatch.Metric =>
  new cloudwatch.Metric({
    namespace: metricsNamespaceOf(prefix),
    metricName: name,
    dimensionsMap: dimensions,
    statistic,
    period: METRIC_PERIOD,
  });

/** The services, in the order data flows through them: extractor, transformer, loader. */
export const SERVICES = STAGES.map((stage) => STAGE_SETTINGS[stage].service);

/**
 * A metric summed over the three services for one pipeline (pages dead-lettered at any stage, say). A
 * service writes a metric only when it has something to count, so a missing point is a zero.
 */
export const pipelineTotal = (prefix: string, name: MetricName, pipeline: string, label: string) =>
  new cloudwatch.MathExpression({
    expression: SERVICES.map((service) => `FILL(${service}, 0)`).join(' + '),
    usingMetrics: Object.fromEntries(
      SERVICES.map((service) => [service, stageMetric(prefix, name, { service, pipeline })]),
    ),
    label,
    period: METRIC_PERIOD,
  });
