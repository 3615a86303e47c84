import { METRIC_DIMENSIONS, METRIC_UNITS, type MetricName, NO_PIPELINE } from '@sluice/contracts';

/** What one message adds to its stage's metrics. */
export type MessageMetrics = Partial<Record<MetricName, number>>;

/** Where a stage's metrics go: CloudWatch embedded-metric-format lines, on stdout in a service. */
export interface MetricsOutput {
  /** metricsNamespaceOf(prefix): a deployment's metrics apart from another's in the same account. */
  namespace: string;
  service: string;
  /** Writes one line (without its newline). */
  write: (line: string) => void;
  clock?: { now: () => Date };
}

/**
 * A CloudWatch embedded metric format line (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * Lambda's log agent turns it into metrics with no agent or API call of ours; locally it is a log line.
 */
export const emfLineOf = (
  output: MetricsOutput,
  pipeline: string,
  values: MessageMetrics,
  at: Date,
): string => {
  const names = (Object.keys(values) as MetricName[]).filter((name) => values[name] !== undefined);
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: output.namespace,
          Dimensions: [[...METRIC_DIMENSIONS]],
          Metrics: names.map((name) => ({ Name: name, Unit: METRIC_UNITS[name] })),
        },
      ],
    },
    service: output.service,
    pipeline,
    ...Object.fromEntries(names.map((name) => [name, values[name]])),
  });
};

export interface BatchMetrics {
  /** Adds a message's metrics to its pipeline's sums. */
  add: (pipeline: string | undefined, metrics: MessageMetrics) => void;
  /** Writes one line per pipeline of the batch, each with the batch's handling time, and starts over. */
  flush: (handlingMs: number) => void;
}

/** The metrics of one batch, written once it is settled: one line per pipeline, however many messages. */
export const createBatchMetrics = (output: MetricsOutput | undefined): BatchMetrics => {
  const sums = new Map<string, MessageMetrics>();
  return {
    add: (pipeline, metrics) => {
      const key = pipeline ?? NO_PIPELINE;
      const sum = sums.get(key) ?? {};
      for (const [name, value] of Object.entries(metrics) as [MetricName, number][]) {
        sum[name] = (sum[name] ?? 0) + value;
      }
      sums.set(key, sum);
    },
    flush: (handlingMs) => {
      const at = output?.clock?.now() ?? new Date();
      for (const [pipeline, sum] of sums) {
        output?.write(emfLineOf(output, pipeline, { ...sum, HandlingTime: handlingMs }, at));
      }
      sums.clear();
    },
  };
};
