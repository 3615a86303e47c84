/**
 * Sluice's metrics and their CloudWatch units. Counts are summed over a batch; HandlingTime is how long
 * the batch took, from its hand-over to the stage until every message was settled.
 */
export const METRIC_UNITS = {
  /** Messages a stage handled (a failed one is counted when it is retried or dead-lettered instead). */
  MessagesHandled: 'Count',
  /** Pages the loader wrote for their run (a redelivered page, already loaded, is not counted again). */
  PagesLoaded: 'Count',
  /** Pages the loader counted as unchanged since they were last loaded. */
  PagesSkipped: 'Count',
  /** Messages a stage copied to its DLQ: a page (or a run request) that did not make it. */
  PagesDeadLettered: 'Count',
  /** Records kept out of the warehouse, with their reasons under rejected/…, counted as their page loads. */
  RecordsRejected: 'Count',
  /** Warehouse rows written (upserted) by the loader. */
  RowsWritten: 'Count',
  HandlingTime: 'Milliseconds',
} as const;
export type MetricName = keyof typeof METRIC_UNITS;

/** What one message adds to its stage's metrics. */
export type MessageMetrics = Partial<Record<MetricName, number>>;

/** Where a stage's metrics go: CloudWatch embedded-metric-format lines, on stdout in a service. */
export interface MetricsOutput {
  /** `Sluice/<prefix>`: a deployment's metrics apart from another's in the same account. */
  namespace: string;
  service: string;
  /** Writes one line (without its newline). */
  write: (line: string) => void;
  clock?: { now: () => Date };
}

/** A metric's dimensions: never a run or a page, which would make a metric (and a bill) of each. */
export const METRIC_DIMENSIONS = ['service', 'pipeline'] as const;

/** The pipeline dimension of a message that names none (a body that is not a Sluice message). */
export const NO_PIPELINE = '(none)';

export const metricsNamespaceOf = (prefix: string): string => `Sluice/${prefix}`;

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
