/**
 * The metrics every Sluice stage writes (as CloudWatch embedded-metric lines, see @sluice/runtime) and the
 * CDK stack alarms on and charts, with their CloudWatch units. Counts are summed over a batch;
 * HandlingTime is how long the batch took, from its hand-over to the stage until every message was settled.
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

/** A metric's dimensions: never a run or a page, which would make a metric (and a bill) of each. */
export const METRIC_DIMENSIONS = ['service', 'pipeline'] as const;

/** The pipeline dimension of a message that names none (a body that is not a Sluice message). */
export const NO_PIPELINE = '(none)';

/** `Sluice/<prefix>`: a deployment's metrics kept apart from another's in the same account. */
export const metricsNamespaceOf = (prefix: string): string => `Sluice/${prefix}`;
