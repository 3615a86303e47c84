import type { CliEnv } from '../config.ts';
import type { Platform } from '../platform.ts';
import type { NoticeBoard } from './notices.ts';
import type { SpanStore } from './traces/span-store.ts';

/** What every route reads from: the CLI's environment and clients, and the console's own state. */
export interface ConsoleContext {
  env: CliEnv;
  platform: Platform;
  /** This process's CSRF token, put in every form. */
  csrfToken: string;
  notices: NoticeBoard;
  /** The spans received on /v1/traces. */
  spans: SpanStore;
  /** Where the services' JSON logs are (`.sluice/logs`): a page's view shows its lines. */
  logDir: string;
}
