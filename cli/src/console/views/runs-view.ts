import { RUN_STATUSES } from '@sluice/warehouse';
import type { RunsReport } from '../../reports/runs-report.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import { formatSeconds, formatTime, runLink, statusBadge } from './format.ts';

export interface RunsFilterView {
  pipeline?: string | undefined;
  status?: string | undefined;
  /** The request's query string, for the link to the same listing as JSON. */
  query: string;
  /** The pipelines to offer in the filter. */
  pipelines: readonly string[];
  /** The query string of the next page of runs; null on the last. */
  next: string | null;
  /** Whether this is a later page than the first. */
  paged: boolean;
}

const option = (value: string, label: string, selected: string | undefined): SafeHtml =>
  html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;

/** A GET form: the filter lives in the query string, so a filtered listing is a link. */
const filterForm = (
  filter: RunsFilterView,
): SafeHtml => html`<form class="filters" method="get" action="/runs">
<label>Pipeline <select name="pipeline">${option('', 'all', filter.pipeline)}${filter.pipelines.map((name) => option(name, name, filter.pipeline))}</select></label>
<label>Status <select name="status">${option('', 'any', filter.status)}${RUN_STATUSES.map((status) => option(status, status, filter.status))}</select></label>
<button type="submit">Filter</button>
</form>`;

const pagesCell = ({ pages }: RunsReport['runs'][number]): string =>
  `${pages.loaded}/${pages.total ?? '?'}${pages.skipped > 0 ? ` (${pages.skipped} skipped)` : ''}`;

const paging = (filter: RunsFilterView): SafeHtml => {
  if (!filter.next && !filter.paged) return html``;
  const newest = new URLSearchParams(filter.query.slice(1));
  newest.delete('before');
  return html`<p class="paging" id="runs-paging">${filter.paged ? html`<a href="/runs${newest.size > 0 ? `?${newest}` : ''}">newest</a>` : ''}${filter.paged && filter.next ? ' · ' : ''}${filter.next ? html`<a rel="next" href="/runs${filter.next}">older runs</a>` : ''}</p>`;
};

/** Runs, newest first: pipeline, status, when, how long, pages and records; a page at a time. */
export const runsView = (report: RunsReport, filter: RunsFilterView): SafeHtml => html`<h1>Runs</h1>
${filterForm(filter)}
${
  report.runs.length === 0
    ? html`<p class="muted">No runs${filter.pipeline || filter.status ? ' match this filter' : ' yet: Run now on the Pipelines page starts one'}.</p>`
    : html`<table id="runs">
<thead><tr><th>run</th><th>pipeline</th><th>status</th><th>requested</th><th>finished</th><th class="num">took</th><th class="num">pages</th><th class="num">records</th><th class="num">rejected</th><th class="num">loaded</th></tr></thead>
<tbody>${report.runs.map(
        (run) => html`<tr data-run="${run.runId}">
<td>${runLink(run.runId)}</td><td>${run.pipeline}</td><td>${statusBadge(run.status)}</td>
<td>${formatTime(run.requestedAt)}</td><td>${formatTime(run.finishedAt)}</td><td class="num">${formatSeconds(run.seconds)}</td>
<td class="num">${pagesCell(run)}</td><td class="num">${run.records.extracted}</td><td class="num">${run.records.rejected}</td><td class="num">${run.records.loaded}</td>
</tr>`,
      )}</tbody>
</table>`
}
${paging(filter)}
<p class="muted">The same as <code>npx sluice runs --json</code>: <a href="/api/runs${filter.query}">/api/runs${filter.query}</a>.</p>`;
