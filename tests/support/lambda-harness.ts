import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Reads events from stdin, one JSON line each, calls the bundle's handler like the Lambda runtime does,
// and answers on fd 3 (stdout carries the function's own JSON logs).
const RUNNER = `
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
const { handler } = await import('./index.mjs');
const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: 'local', getRemainingTimeInMillis: () => 60000 };
for await (const line of createInterface({ input: process.stdin })) {
  const { id, event } = JSON.parse(line);
  try {
    writeSync(3, JSON.stringify({ id, result: (await handler(event, context)) ?? null }) + '\\n');
  } catch (error) {
    writeSync(3, JSON.stringify({ id, error: String(error?.stack ?? error) }) + '\\n');
  }
}
`;

export interface LambdaHarness {
  invoke: (event: unknown) => Promise<unknown>;
  logs: string[];
  close: () => Promise<void>;
}

/**
 * Loads a built bundle the way Lambda would: copied alone into an empty folder (no node_modules within
 * reach), in a fresh Node process whose environment holds only what Lambda sets plus the function's
 * configuration.
 */
export const startLambdaHarness = (
  bundleDir: string,
  configuration: Record<string, string>,
): LambdaHarness => {
  if (!existsSync(join(bundleDir, 'index.mjs'))) {
    throw new Error(`${bundleDir}/index.mjs is missing: run \`npm run build\` first`);
  }
  const root = mkdtempSync(join(tmpdir(), 'sluice-lambda-'));
  cpSync(bundleDir, root, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', RUNNER], {
    cwd: root,
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: root,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'sluice-under-test',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      ...configuration,
    },
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => logs.push(line));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => logs.push(line));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const answers = child.stdio[3] as NodeJS.ReadableStream;
  createInterface({ input: answers }).on('line', (line) => {
    const answer = JSON.parse(line) as { id: number; result?: unknown; error?: string };
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.error) waiting?.reject(new Error(answer.error));
    else waiting?.resolve(answer.result);
  });
  child.once('exit', (code) => {
    for (const waiting of pending.values())
      waiting.reject(new Error(`the bundle exited (${code}):\n${logs.join('\n')}`));
  });
  let nextId = 0;
  return {
    invoke: (event) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.stdin?.write(`${JSON.stringify({ id, event })}\n`);
      }),
    logs,
    // Like a Lambda sandbox being reclaimed: open pools and sockets would keep the process alive.
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
};
