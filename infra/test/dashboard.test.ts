import { METRIC_UNITS } from '@sluice/contracts';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack, SHIPPED_PIPELINES } from './support/build-stack.ts';
import { render, resourcesOf } from './support/template-queries.ts';

interface Widget {
  type: string;
  properties: { title: string; alarms?: string[]; metrics?: unknown[][] };
}

describe('Construct: OperationsDashboard', () => {
  let widgets: Widget[];
  let dashboardName: unknown;

  beforeAll(() => {
    const template = Template.fromStack(buildStack({ prefix: 'sluice-prod' }));
    const [dashboard] = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
    dashboardName = dashboard?.Properties.DashboardName;
    // The body is JSON joined around tokens (alarm ARNs, the region), which render() writes as names.
    widgets = JSON.parse(render(dashboard?.Properties.DashboardBody)).widgets;
  });

  it('shows every alarm first, the DLQs’ and the pipelines’', () => {
    // Assess
    expect(dashboardName).toBe('sluice-prod');
    const [alarms] = widgets;
    expect(alarms?.type).toBe('alarm');
    expect(alarms?.properties.alarms).toHaveLength(3 + SHIPPED_PIPELINES.length);
  });

  it.each(SHIPPED_PIPELINES.map(({ name }) => name))(
    'charts pipeline %s from the metrics the stages write, in the deployment’s namespace',
    (pipeline) => {
      // Act
      const charts = widgets.filter(({ properties }) => properties.title.startsWith(`${pipeline}: `));
      const series = charts.flatMap(({ properties }) => properties.metrics ?? []);
      const named = series.filter((entry) => entry[0] === 'Sluice/sluice-prod');

      // Assess
      expect(charts.map(({ properties }) => properties.title)).toEqual([
        `${pipeline}: pages`,
        `${pipeline}: rows written and records rejected`,
        `${pipeline}: batch handling time, p90 (ms)`,
      ]);
      expect(new Set(named.map((entry) => entry[1]))).toEqual(
        new Set(Object.keys(METRIC_UNITS).filter((name) => name !== 'MessagesHandled')),
      );
      // Every series is of this pipeline, by service: no run, no page.
      for (const entry of named) {
        expect(entry.slice(2, 6)).toEqual(['pipeline', pipeline, 'service', expect.any(String)]);
        expect(typeof entry[6]).toBe('object');
      }
    },
  );
});
