import { STAGES } from '@sluice/contracts';
import type { QueueDepth, QueueDepths } from '../../queue-depths.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import { plural } from './format.ts';

const totalOf = (depth: QueueDepth): number => depth.waiting + depth.inFlight + depth.delayed;

/** A warning naming each DLQ that holds messages, or nothing when they are all empty. */
export const deadLetterBanner = (depths: QueueDepths): SafeHtml => {
  const full = STAGES.filter((stage) => totalOf(depths[stage].deadLetter) > 0);
  if (full.length === 0) return html``;
  const which = full.map((stage) => `${stage} ${plural(totalOf(depths[stage].deadLetter), 'message')}`);
  return html`<p class="banner warn" id="dlq-banner">Dead letters wait: ${which.join(', ')}. <a href="/dlq">Read, replay or purge them</a>.</p>`;
};

/** Per stage: the queue's depth and its DLQ's, as SQS counts them. */
export const queuesView = (depths: QueueDepths): SafeHtml => html`<h1>Queues</h1>
${deadLetterBanner(depths)}
<table id="queues"><thead>
<tr><th rowspan="2">stage</th><th colspan="3">queue</th><th colspan="3">dead-letter queue</th></tr>
<tr><th class="num">waiting</th><th class="num">in flight</th><th class="num">delayed</th><th class="num">waiting</th><th class="num">in flight</th><th class="num">delayed</th></tr>
</thead><tbody>${STAGES.map((stage) => {
  const { queue, deadLetter } = depths[stage];
  return html`<tr data-stage="${stage}"><td>${stage}</td><td class="num">${queue.waiting}</td><td class="num">${queue.inFlight}</td><td class="num">${queue.delayed}</td>
<td class="num">${deadLetter.waiting}</td><td class="num">${deadLetter.inFlight}</td><td class="num">${deadLetter.delayed}</td></tr>`;
})}</tbody></table>
<p class="muted">SQS's approximate counts. The same as <code>npx sluice queues --json</code>: <a href="/api/queues">/api/queues</a>.</p>`;
