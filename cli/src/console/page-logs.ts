import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A service's JSON log line about one page, as pino wrote it. */
export interface PageLogLine {
  service: string;
  time: string;
  level: number;
  msg: string;
  stage?: string;
  attempt?: number;
  /** The whole line, every key the service wrote. */
  line: Record<string, unknown>;
}

export interface PageLogs {
  /** The first `limit` lines by time. */
  lines: PageLogLine[];
  /** Lines about the page in all, of which `lines` holds the first `limit`. */
  total: number;
}

export interface PageAddress {
  runId: string;
  resource: string;
  page: number;
}

const isAbout = (line: Record<string, unknown>, page: PageAddress): boolean =>
  line.runId === page.runId && line.resource === page.resource && line.page === page.page;

const readFileLines = async (file: string, page: PageAddress, into: PageLogLine[]) => {
  // A cheap test before JSON.parse: a long log holds many runs, and only this run's lines can match.
  const runKey = `"runId":${JSON.stringify(page.runId)}`;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (!text.includes(runKey)) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue; // a line cut off by a killed process
    }
    if (!isAbout(line, page)) continue;
    into.push({
      service: String(line.service ?? ''),
      time: String(line.time ?? ''),
      level: Number(line.level ?? 30),
      msg: String(line.msg ?? ''),
      ...(typeof line.stage === 'string' && { stage: line.stage }),
      ...(typeof line.attempt === 'number' && { attempt: line.attempt }),
      line,
    });
  }
};

/**
 * The services' log lines about one page of a run, from the `*.log` files of a folder (`.sluice/logs`
 * for the services `npm start` and `sluice services` start), matched on run, resource and page, oldest
 * first, at most `limit` of them. A missing folder is no lines.
 */
export const readPageLogs = async (logDir: string, page: PageAddress, limit: number): Promise<PageLogs> => {
  const files = await readdir(logDir).catch(() => [] as string[]);
  const found: PageLogLine[] = [];
  for (const file of files.filter((name) => name.endsWith('.log')).sort()) {
    await readFileLines(join(logDir, file), page, found);
  }
  found.sort((a, b) => a.time.localeCompare(b.time));
  return { lines: found.slice(0, limit), total: found.length };
};
