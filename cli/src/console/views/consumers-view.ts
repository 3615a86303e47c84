import type { ComparedConsumer } from '../../consumers/compare-consumers.ts';
import { formatAge } from '../../dead-letters/format-dead-letters.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import { formatTime } from './format.ts';

/** The service processes that announce themselves as polling the deployment's queues. */
export const consumersView = (consumers: readonly ComparedConsumer[]): SafeHtml => html`<h1>Consumers</h1>
${
  consumers.length === 0
    ? html`<p class="banner warn">No service polls the queues: runs wait until one does (<code>npx sluice services</code>).</p>`
    : html`<table id="consumers"><thead><tr><th>stage</th><th class="num">pid</th><th>host</th><th>started</th><th>up</th><th>heartbeat</th><th>same configuration as this console</th></tr></thead>
<tbody>${consumers.map(
        (
          consumer,
        ) => html`<tr><td>${consumer.stage}</td><td class="num">${consumer.pid}</td><td>${consumer.host}</td><td>${formatTime(consumer.startedAt)}</td>
<td>${formatAge(consumer.ageSeconds)}</td><td>${formatAge(consumer.heartbeatAgeSeconds)} ago</td>
<td>${consumer.differences.length === 0 ? 'yes' : `no: ${consumer.differences.join('; ')}`}</td></tr>`,
      )}</tbody></table>`
}
<p class="muted">The same as <code>npx sluice consumers --json</code>: <a href="/api/consumers">/api/consumers</a>.</p>`;
