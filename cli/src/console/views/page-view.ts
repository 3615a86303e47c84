import { html, type SafeHtml } from '../escape-html.ts';
import type { PageDetail } from '../page-detail.ts';
import { formatTime, runLink } from './format.ts';
import { waterfallView } from './waterfall-view.ts';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

export const pagePath = (detail: Pick<PageDetail, 'runId' | 'resource' | 'page'>): string =>
  `/runs/${encodeURIComponent(detail.runId)}/pages/${encodeURIComponent(detail.resource)}/${detail.page}`;

const factsView = ({ recorded, state }: PageDetail): SafeHtml => html`<table id="page-facts"><tbody>
<tr><th>state</th><td><span class="cell s-${state}"></span> <span data-state="${state}">${state}</span></td></tr>
<tr><th>URL</th><td><code id="page-url">${recorded?.url ?? '-'}</code></td></tr>
<tr><th>content hash</th><td><code id="page-hash">${recorded?.contentHash ?? '-'}</code></td></tr>
<tr><th>records</th><td id="page-records">${recorded ? `${recorded.recordsExtracted} extracted, ${recorded.recordsRejected} rejected, ${recorded.recordsLoaded} loaded` : '-'}</td></tr>
<tr><th>rows written</th><td id="page-rows">${recorded?.rowsWritten ?? '-'}</td></tr>
<tr><th>${recorded?.status === 'skipped' ? 'skipped' : 'loaded'} at</th><td>${recorded ? formatTime(recorded.loadedAt) : '-'}</td></tr>
</tbody></table>`;

const timingsView = ({ timings }: PageDetail): SafeHtml =>
  timings.length === 0
    ? html`<p class="muted">No stage has logged handling this page (yet), or its logs are elsewhere.</p>`
    : html`<table id="page-timings"><thead><tr><th>stage</th><th class="num">attempt</th><th>handled at</th><th class="num">took</th></tr></thead>
<tbody>${timings.map((timing) => html`<tr data-stage="${timing.stage}"><td>${timing.stage}</td><td class="num">${timing.attempt ?? '-'}</td><td>${formatTime(timing.handledAt)}</td><td class="num">${timing.ms} ms</td></tr>`)}</tbody></table>`;

const failuresView = ({ failures }: PageDetail): SafeHtml =>
  failures.length === 0
    ? html``
    : html`<h2>Dead-lettered</h2><ul id="page-failures">${failures.map((failure) => html`<li>at ${failure.stage}, ${formatTime(failure.failedAt)}: <code>${failure.reason}</code></li>`)}</ul>`;

const logsView = ({ logs }: PageDetail): SafeHtml => {
  if (logs.total === 0)
    return html`<p class="muted">No log line about this page in the console's log folder.</p>`;
  const more =
    logs.total > logs.lines.length
      ? html`<p class="muted">The first ${logs.lines.length} of ${logs.total} lines.</p>`
      : html``;
  return html`<table id="page-logs"><thead><tr><th>time</th><th>service</th><th>level</th><th>message</th><th class="num">attempt</th><th>the line</th></tr></thead>
<tbody>${logs.lines.map((line) => html`<tr><td>${formatTime(line.time)}</td><td>${line.service}</td><td>${LEVELS[line.level] ?? line.level}</td><td>${line.msg}</td><td class="num">${line.attempt ?? '-'}</td><td><details><summary>show</summary><pre>${JSON.stringify(line.line, null, 2)}</pre></details></td></tr>`)}</tbody></table>${more}`;
};

const rejectedView = ({ rejections }: PageDetail): SafeHtml =>
  rejections.length === 0
    ? html`<p class="muted">No record of this page was rejected.</p>`
    : html`<table id="page-rejected"><thead><tr><th class="num">record</th><th>reason</th><th>the record</th></tr></thead>
<tbody>${rejections.map((row) => html`<tr><td class="num">${row.index}</td><td>${row.reason}</td><td><details><summary>show</summary><pre>${JSON.stringify(row.record, null, 2)}</pre></details></td></tr>`)}</tbody></table>`;

/** One page of a run: what the ledger knows of it, its stages' timings and log lines, its rejections and its trace. */
export const pageView = (
  detail: PageDetail,
): SafeHtml => html`<h1>${detail.resource} page ${detail.page} of run ${runLink(detail.runId)}</h1>
<p class="muted">Pipeline ${detail.pipeline}.</p>
${factsView(detail)}
${failuresView(detail)}
<h2>Trace</h2>
${waterfallView(detail.spans)}
<h2>Timings per stage</h2>
${timingsView(detail)}
<h2>Rejected records, with their reasons</h2>
${rejectedView(detail)}
<h2>Log lines</h2>
${logsView(detail)}
<p class="muted">As JSON: <a href="/api${pagePath(detail)}">/api${pagePath(detail)}</a>.</p>`;
