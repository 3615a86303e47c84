import type { PipelineEntry, PipelinesReport } from '../../reports/pipelines-report.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import { csrfField, formatTime, runLink, statusBadge } from './format.ts';

const lastRunCell = (entry: PipelineEntry): SafeHtml => {
  const run = entry.lastRun;
  if (!run) return html`<span class="muted">never</span>`;
  return html`${statusBadge(run.status)} ${formatTime(run.finishedAt ?? run.requestedAt)}<br>${runLink(run.runId)}`;
};

const cursorsCell = (entry: PipelineEntry): SafeHtml => {
  const cursors = Object.entries(entry.cursors);
  if (cursors.length === 0) return html`<span class="muted">-</span>`;
  return html`${cursors.map(
    ([resource, cursor]) =>
      html`<div><code>${resource}</code>: <code>${JSON.stringify(cursor.value)}</code> <span class="muted">(${formatTime(cursor.updatedAt)})</span></div>`,
  )}`;
};

/** Run now, and a full refresh that ignores cursors and unchanged-page hashes: both POST with the token. */
const runForms = (entry: PipelineEntry, csrf: string): SafeHtml => {
  const action = `/pipelines/${encodeURIComponent(entry.pipeline)}/run`;
  return html`<form class="inline" method="post" action="${action}">${csrfField(csrf)}<button type="submit">Run now</button></form>
<form class="inline" method="post" action="${action}">${csrfField(csrf)}<input type="hidden" name="fullRefresh" value="1"><button type="submit">Full refresh</button></form>`;
};

const databaseNotice = (database: PipelinesReport['database']): SafeHtml =>
  database.reachable
    ? html``
    : html`<p class="banner error">Last runs and cursors unknown, ${database.why}: <code>${database.error}</code></p>`;

/** Each pipeline file: its source, resources, schedule, last run and cursors, and the buttons to run it. */
export const pipelinesView = (report: PipelinesReport, csrf: string): SafeHtml => html`<h1>Pipelines</h1>
${databaseNotice(report.database)}
<table id="pipelines"><thead><tr><th>pipeline</th><th>source</th><th>resources</th><th>schedule (UTC)</th><th>last run</th><th>cursors</th><th></th></tr></thead>
<tbody>${report.pipelines.map(
  (
    entry,
  ) => html`<tr data-pipeline="${entry.pipeline}"><td><strong>${entry.pipeline}</strong><br><span class="muted">${entry.file}</span></td>
<td>${entry.source}</td><td>${entry.resources.join(', ')}</td><td><code>${entry.schedule ?? '-'}</code></td>
<td>${lastRunCell(entry)}</td><td>${cursorsCell(entry)}</td><td>${runForms(entry, csrf)}</td></tr>`,
)}</tbody></table>
${report.invalid.length > 0 ? html`<p class="banner warn">Invalid, not listed: ${report.invalid.join(', ')} (<code>npx sluice validate</code> says why).</p>` : ''}
<p class="muted">Run now needs the services running (<code>npx sluice services</code>). The same as <code>npx sluice pipelines --json</code>: <a href="/api/pipelines">/api/pipelines</a>.</p>`;
