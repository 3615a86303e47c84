import { STAGES } from '@sluice/contracts';
import type { RejectedReport } from '../../reports/rejected-report.ts';
import type { StatusReport } from '../../reports/status-report.ts';
import type { RunDeadLetters } from '../../run-dead-letters.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import type { RunLive } from '../run-live.ts';
import { csrfField } from './format.ts';
import { runLiveView } from './run-live-view.ts';

type RunReport = Exclude<StatusReport, { run: null }>;

/** The run's messages in the DLQs as listed when the page was served, with a replay of them all. */
const deadLettersSection = (deadLetters: RunDeadLetters, csrf: string): SafeHtml => {
  const unlisted =
    deadLetters.unlisted > 0
      ? html`<p class="muted">${deadLetters.unlisted} dead letters of any run could not be listed (in flight or past the limit).</p>`
      : html``;
  if (deadLetters.groups.length === 0)
    return html`<p class="muted">None of this run's messages is in a DLQ.</p>${unlisted}`;
  return html`<table id="run-dead-letters"><thead><tr><th>stage</th><th>resource</th><th>pages</th><th class="num">messages</th></tr></thead>
<tbody>${deadLetters.groups.map(
    (group) =>
      html`<tr><td>${group.stage}</td><td>${group.resource ?? 'run request'}</td><td>${group.pages.join(', ') || '-'}</td><td class="num">${group.messages}</td></tr>`,
  )}</tbody></table>${unlisted}
<form class="inline" method="post" action="/dlq/replay">${csrfField(csrf)}
<input type="hidden" name="stage" value="all"><input type="hidden" name="run" value="${deadLetters.runId}">
<button type="submit">Replay this run's dead letters</button></form>
<a href="/dlq">See them on the Dead letters page</a>`;
};

const rejectedSection = (rejected: RejectedReport): SafeHtml => {
  if (rejected.total === 0) return html`<p class="muted">No record was rejected.</p>`;
  const more =
    rejected.total > rejected.rejections.length
      ? html`<p class="muted">… and ${rejected.total - rejected.rejections.length} more: <code>npx sluice rejected ${rejected.runId} --limit N</code>.</p>`
      : html``;
  return html`<table id="rejected"><thead><tr><th>resource</th><th class="num">page</th><th class="num">record</th><th>reason</th><th>the record</th></tr></thead>
<tbody>${rejected.rejections.map(
    (row) =>
      html`<tr><td>${row.resource}</td><td class="num">${row.page}</td><td class="num">${row.index}</td><td>${row.reason}</td><td><details><summary>show</summary><pre>${JSON.stringify(row.record, null, 2)}</pre></details></td></tr>`,
  )}</tbody></table>${more}`;
};

const tablesSection = (tables: Record<string, number>): SafeHtml =>
  html`<p>${Object.entries(tables).map(([name, rows], index) => html`${index > 0 ? ', ' : ''}<code>${name}</code> ${rows}`)}</p>`;

/** The sections that change only when the run's status does: sent again by the events when it changes. */
export const runSettledView = (
  page: { report: RunReport; rejected: RejectedReport },
  csrf: string,
): SafeHtml => {
  const { report, rejected } = page;
  const dlq = STAGES.map((stage) => `${stage} ${report.deadLetters[stage]}`).join(', ');
  return html`<h2>Dead letters of this run</h2>
${deadLettersSection(report.reconciliation.deadLetters, csrf)}
<p class="muted">All DLQs, every run: ${dlq}.</p>
<h2>Rejected records, with their reasons</h2>
${rejectedSection(rejected)}
<h2>Warehouse rows (all runs)</h2>
${tablesSection(report.tables)}`;
};

/**
 * A run: live counts and pages (server-sent updates every second), then its dead letters, rejected
 * records and tables (sent again when its status changes).
 */
export const runView = (
  page: { report: RunReport; live: RunLive; rejected: RejectedReport },
  csrf: string,
): SafeHtml => {
  const { report, live } = page;
  const runId = encodeURIComponent(report.runId);
  const from = live.window.from > 1 ? `&from=${live.window.from}` : '';
  const events = `/runs/${runId}/events?status=${encodeURIComponent(live.progress.status)}${from}`;
  return html`<h1>Run <code>${report.runId}</code> of ${report.pipeline}</h1>
<div id="live" data-live="${events}">${runLiveView(live)}</div>
<div id="settled">${runSettledView(page, csrf)}</div>
<p class="muted">As JSON, the same as <code>npx sluice status ${report.runId} --json</code>: <a href="/api/runs/${runId}">/api/runs/${report.runId}</a>; rejected records as <code>npx sluice rejected ${report.runId} --json</code>: <a href="/api/runs/${runId}/rejected">/api/runs/${report.runId}/rejected</a>.</p>`;
};
