import { html, type SafeHtml } from '../escape-html.ts';
import { PAGE_STATES, type PageCell, type ResourceGrid } from '../page-grid.ts';
import type { RunLive } from '../run-live.ts';
import { formatSeconds, formatTime, statusBadge } from './format.ts';

const millisOf = (time: string): number => Date.parse(`${time.replace(' ', 'T')}Z`);

const tookOf = ({ requestedAt, finishedAt }: RunLive['progress']): string =>
  finishedAt === null ? 'still going' : formatSeconds((millisOf(finishedAt) - millisOf(requestedAt)) / 1000);

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

const gridRow = ({
  resource,
  pagesTotal,
  cells,
}: ResourceGrid): SafeHtml => html`<div class="grid-row" data-resource="${resource}">
<span class="grid-label">${resource} <span class="muted">${cells.length}${pagesTotal === null ? '+' : ''}</span></span>
<span class="cells">${cells.map(
  (cell) =>
    html`<span class="cell s-${cell.state}" data-page="${cell.page}" data-state="${cell.state}" title="${titleOf(resource, cell)}"></span>`,
)}</span></div>`;

/** Resource × page, each page coloured by the furthest state it reached; hovering says more. */
export const pageGridView = (
  grid: readonly ResourceGrid[],
): SafeHtml => html`<div class="grid" id="page-grid">
${grid.map(gridRow)}
<p class="legend muted">${PAGE_STATES.map((state) => html`<span class="cell s-${state}"></span>${state}`)}</p>
</div>`;

const resourcesTable = ({ progress, reconciliation }: RunLive): SafeHtml => html`<table id="resources">
<thead><tr><th>resource</th><th class="num">pages</th><th class="num">extracted</th><th class="num">transformed</th><th class="num">loaded</th><th class="num">skipped</th><th class="num">dead-lettered</th><th class="num">records extracted</th><th class="num">rejected</th><th class="num">loaded</th><th class="num">rows written</th></tr></thead>
<tbody>${reconciliation.resources.map((resource) => {
  const rows = progress.resources.find((r) => r.resource === resource.resource)?.rowsWritten ?? 0;
  const { pages, records } = resource;
  return html`<tr data-resource="${resource.resource}"><td>${resource.resource}</td><td class="num">${resource.pagesTotal ?? '?'}</td>
<td class="num">${pages.extracted}</td><td class="num">${pages.transformed}</td><td class="num">${pages.loaded}</td><td class="num">${pages.skipped}</td><td class="num">${pages.deadLettered}</td>
<td class="num">${records.extracted}</td><td class="num">${records.rejected}</td><td class="num">${records.loaded}</td><td class="num">${rows}</td></tr>`;
})}</tbody>
</table>`;

/** Whether a page a stage dead-lettered has been loaded since (after a replay). */
const loadedSince = (grid: readonly ResourceGrid[], resource: string, page: number): boolean =>
  grid.some((row) => row.resource === resource && row.cells[page - 1]?.loaded !== undefined);

const failuresList = ({ progress, grid }: RunLive): SafeHtml =>
  progress.failures.length === 0
    ? html``
    : html`<h3>Pages a stage dead-lettered</h3>
<ul id="failures">${progress.failures.map(
        (failure) =>
          html`<li>${failure.resource === '' ? 'the run request' : `${failure.resource} page ${failure.page}`} at ${failure.stage}, ${formatTime(failure.failedAt)}${loadedSince(grid, failure.resource, failure.page) ? ' (loaded since)' : ''}: <code>${failure.reason}</code></li>`,
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
${pageGridView(live.grid)}
${failuresList(live)}`;
