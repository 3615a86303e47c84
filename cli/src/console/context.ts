import type { CliEnv } from '../config.ts';
import type { Platform } from '../platform.ts';
import type { NoticeBoard } from './notices.ts';

/** What every route reads from: the CLI's environment and clients, and the console's own state. */
export interface ConsoleContext {
  env: CliEnv;
  platform: Platform;
  /** This process's CSRF token, put in every form. */
  csrfToken: string;
  notices: NoticeBoard;
}
