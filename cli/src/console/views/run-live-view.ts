import { runSecondsOf } from '../../reports/run-seconds.ts';
import { html, type SafeHtml } from '../escape-html.ts';
import {
  GRID_PAGE_SIZE,
  isLoadedSince,
  PAGE_STATES,
  type PageCell,
  type ResourceGrid,
} from '../page-grid.ts';
import type { RunLive } from '../run-live.ts';
import { formatSeconds, formatTime, statusBadge } from './format.ts';

const tookOf = (progress: RunLive['progress']): string =>
  progress.finishedAt === null ? 'still going' : formatSeconds(runSecondsOf(progress));

const titleOf = (resource: string, cell: PageCell): string => {
  const where = `${resource} page ${cell.page}: ${cell.state}`;
  if (cell.loaded) {
    const { recordsExtracted, recordsRejected, recordsLoaded, rowsWritten, loadedAt } = cell.loaded;
    return `${where} at ${formatTime(loadedAt)}; records ${recordsExtracted} extracted, ${recordsRejected} rejected, ${recordsLoaded} loaded; ${rowsWritten} rows written`;
  }
  if (cell.failure)
    return `${where} at ${cell.failure.stage}, ${formatTime(cell.failure.failedAt)}: ${cell.failure.reason}`;
  return where;
};

const gridRow = (runId: string, { resource, pagesTotal, pagesKnown, cells }: ResourceGrid): SafeHtml => {
  const base = `/runs/${encodeURIComponent(runId)}/pages/${encodeURIComponent(resource)}/`;
  return html`<div class="grid-row" data-resource="${resource}">
<span class="grid-label">${resource} <span class="muted">${pagesKnown}${pagesTotal === null ? '+' : ''}</span></span>
<span class="cells">${cells.map(
    (cell) =>
      html`<a class="cell s-${cell.state}" href="${base}${cell.page}" data-page="${cell.page}" data-state="${cell.state}" title="${titleOf(resource, cell)}"></a>`,
  )}</span></div>`;
};

/** Links to the grid's windows before and after this one, when the run has pages there. */
const gridPaging = (live: RunLive): SafeHtml => {
  const { from, to } = live.window;
  const furthest = Math.max(0, ...live.grid.map((row) => row.pagesKnown));
  if (from === 1 && furthest <= to) return html``;
  const runPath = `/runs/${encodeURIComponent(live.progress.runId)}`;
  const previous = Math.max(1, from - GRID_PAGE_SIZE);
  return html`<p class="paging" id="grid-paging">Pages ${from} to ${Math.min(to, furthest)} of ${furthest}
${from > 1 ? html` · <a rel="prev" href="${runPath}?from=${previous}">previous ${GRID_PAGE_SIZE}</a>` : ''}
${furthest > to ? html` · <a rel="next" href="${runPath}?from=${to + 1}">next ${GRID_PAGE_SIZE}</a>` : ''}</p>`;
};

/** Resource × page, each page coloured by the furthest state it reached and opening its own view; hovering says more. */
export const pageGridView = (live: RunLive): SafeHtml => html`<div class="grid" id="page-grid">
${gridPaging(live)}
${live.grid.map((row) => gridRow(live.progress.runId, row))}
<p class="legend muted">${PAGE_STATES.map((state) => html`<span class="cell s-${state}"></span>${state}`)}</p>
</div>`;

const resourcesTable = ({ progress, reconciliation }: RunLive): SafeHtml => html`<table id="resources">
<thead><tr><th>resource</th><th class="num">pages</th><th class="num">extracted</th><th class="num">transformed</th><th class="num">loaded</th><th class="num">skipped</th><th class="num">dead-lettered</th><th class="num">records extracted</th><th class="num">rejected</th><th class="num">loaded</th><th class="num">rows written</th></tr></thead>
<tbody>${reconciliation.resources.map((resource) => {
  const rows = progress.resources.find((r) => r.resource === resource.resource)?.rowsWritten ?? 0;
  const { pages, records } = resource;
  return html`<tr data-resource="${resource.resource}"><td>${resource.resource}</td><td class="num">${pages.total ?? '?'}</td>
<td class="num">${pages.extracted}</td><td class="num">${pages.transformed}</td><td class="num">${pages.loaded - pages.skipped}</td><td class="num">${pages.skipped}</td><td class="num">${pages.deadLettered}</td>
<td class="num">${records.extracted}</td><td class="num">${records.rejected}</td><td class="num">${records.loaded}</td><td class="num">${rows}</td></tr>`;
})}</tbody>
</table>`;

const failuresList = ({ progress, loadedSince }: RunLive): SafeHtml =>
  progress.failures.length === 0
    ? html``
    : html`<h3>Pages a stage dead-lettered</h3>
<ul id="failures">${progress.failures.map(
        (failure) =>
          html`<li>${failure.resource === '' ? 'the run request' : `${failure.resource} page ${failure.page}`} at ${failure.stage}, ${formatTime(failure.failedAt)}${isLoadedSince(loadedSince, failure) ? ' (loaded since)' : ''}: <code>${failure.reason}</code></li>`,
      )}</ul>`;

/**
 * The part of a run's page that changes while it runs, rendered the same way for the first response and
 * for every server-sent update.
 */
export const runLiveView = (
  live: RunLive,
): SafeHtml => html`<p id="run-status">${statusBadge(live.progress.status)}
requested ${formatTime(live.progress.requestedAt)} · finished ${formatTime(live.progress.finishedAt)} · took ${tookOf(live.progress)}</p>
${resourcesTable(live)}
${pageGridView(live)}
${failuresList(live)}`;
