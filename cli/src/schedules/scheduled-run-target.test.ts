import { RunScheduledSchema } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { extractQueuePolicy, pipelineOfRule, scheduledRunTransformer } from './scheduled-run-target.ts';

/** What EventBridge does with an input transformer: each `<name>` becomes the JSON of the event's value. */
const applyTransformer = (
  transformer: ReturnType<typeof scheduledRunTransformer>,
  event: Record<string, string>,
): unknown => {
  let text = transformer.InputTemplate;
  for (const [name, path] of Object.entries(transformer.InputPathsMap)) {
    text = text.replaceAll(`<${name}>`, JSON.stringify(event[path.replace(/^\$\./, '')]));
  }
  return JSON.parse(text);
};

describe('Function: scheduledRunTransformer()', () => {
  it('copies the event’s time and id into a run.scheduled template, as the CDK stack does', () => {
    // Act
    const transformer = scheduledRunTransformer('coincap');

    // Assess
    expect(transformer).toEqual({
      InputPathsMap: { time: '$.time', id: '$.id' },
      InputTemplate:
        '{"version":1,"type":"run.scheduled","pipeline":"coincap","scheduledAt":<time>,"eventId":<id>}',
    });
  });

  it('renders a message the extractor accepts', () => {
    // Prepare
    const event = { time: '2026-11-25T03:00:00Z', id: '7bf73129-1428-4cd3-a780-95db273d1602' };

    // Act
    const message = RunScheduledSchema.parse(
      applyTransformer(scheduledRunTransformer('episodes-html'), event),
    );

    // Assess
    expect(message).toEqual({
      version: 1,
      type: 'run.scheduled',
      pipeline: 'episodes-html',
      scheduledAt: event.time,
      eventId: event.id,
    });
  });
});

describe('Function: extractQueuePolicy()', () => {
  it('lets EventBridge send to the queue from the given rules only', () => {
    // Prepare
    const queueArn = 'arn:aws:sqs:us-east-1:000000000000:sluice-extract';
    const rules = ['arn:aws:events:us-east-1:000000000000:rule/sluice-coincap'];

    // Act
    const policy = JSON.parse(extractQueuePolicy(queueArn, rules));

    // Assess
    expect(policy.Statement).toEqual([
      {
        Sid: 'SluiceScheduleRules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': rules } },
      },
    ]);
  });
});

describe('Function: pipelineOfRule()', () => {
  it.each([
    ['sluice', 'sluice-coincap', 'coincap'],
    ['sluice', 'sluice-dev-coincap', 'dev-coincap'],
    ['sluice', 'other-coincap', null],
  ])('reads prefix %s, rule %s as %s', (prefix, rule, pipeline) => {
    // Act
    const result = pipelineOfRule(prefix, rule);

    // Assess
    expect(result).toBe(pipeline);
  });
});
