import type { BuildOptions } from 'esbuild';

/**
 * What every Sluice bundle is built with, the Lambda functions' (scripts/bundle-lambda.mjs) and the local
 * pollers' (cli/src/poller-bundles.ts): one ESM file per entry for Node 24, what an entry imports on first
 * use only (cheerio for HTML sources, the OTLP exporter, the mysql source) in chunks a start does not
 * read, and the entries' shared code in one chunk.
 */
export const NODE_BUNDLE_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  metafile: true,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  // CommonJS dependencies (mysql2, pino) call require() for Node built-ins, which ESM output lacks.
  banner: {
    js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);",
  },
  logLevel: 'warning',
} satisfies BuildOptions;
