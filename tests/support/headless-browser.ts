import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Where Debian's `chromium-headless-shell` package puts the browser itself (`/usr/bin/chromium-headless-shell`
 * is a shell script around it: a browser started through it would outlive a kill of the script).
 */
const DEBIAN_HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/**
 * The Chromium the console's browser tests drive: `SLUICE_TEST_BROWSER` names one (on a system other than
 * Debian), else Debian's headless shell. None is an error, never a skip: the tests exist to run.
 */
export const browserExecutable = (variables: Record<string, string | undefined> = process.env): string => {
  const named = variables.SLUICE_TEST_BROWSER;
  if (named) {
    if (!existsSync(named)) throw new Error(`SLUICE_TEST_BROWSER names ${named}, which does not exist`);
    return named;
  }
  if (existsSync(DEBIAN_HEADLESS_SHELL)) return DEBIAN_HEADLESS_SHELL;
  throw new Error(
    `no browser for the console's browser tests: \`apt-get install chromium-headless-shell\` (Debian; .ci/run does it), or set SLUICE_TEST_BROWSER to a Chromium or Chrome executable`,
  );
};

/**
 * A headless Chromium that can reach loopback only: every host name but the loopback ones resolves to
 * nothing, so a page that tried to load anything from the internet would fail, and the test sees it.
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: browserExecutable(),
    args: [
      // Root in CI's container: Chromium's sandbox needs user namespaces it may not have.
      '--no-sandbox',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
