import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_DIRS, loadServiceCode, MissingBundleError, StaleBundleError } from '../src/service-code.ts';
import { buildStack } from './support/build-stack.ts';

describe('Function: loadServiceCode()', () => {
  let repoRoot: string;

  beforeEach(() => {
    repoRoot = mkdtempSync(join(tmpdir(), 'sluice-infra-'));
  });

  afterEach(() => {
    rmSync(repoRoot, { recursive: true, force: true });
  });

  const writePipeline = (dir: string, name: string, text: string) => {
    mkdirSync(join(repoRoot, dir), { recursive: true });
    writeFileSync(join(repoRoot, dir, name), text);
  };

  const writeBundle = (dir: string) => {
    mkdirSync(join(repoRoot, dir), { recursive: true });
    writeFileSync(join(repoRoot, dir, 'index.mjs'), 'export const handler = async () => ({});\n');
  };

  it('throws, naming the missing bundles, when the services are not built', () => {
    // Prepare
    writeBundle(BUNDLE_DIRS.extractor);

    // Act
    const act = () => loadServiceCode(repoRoot);

    // Assess
    expect(act).toThrow(MissingBundleError);
    expect(act).toThrow(
      'Lambda bundles missing (services/transformer/dist/lambda/index.mjs, services/loader/dist/lambda/index.mjs, ' +
        'services/loader/dist/migrate/index.mjs): run npm run build first',
    );
  });

  it('throws, naming what differs, when a bundle’s pipeline files are not the repository’s', () => {
    // Prepare
    writePipeline('pipelines', 'coincap.yaml', 'name: coincap\n');
    writePipeline('pipelines', 'rickandmorty.yaml', 'name: rickandmorty\n');
    for (const dir of Object.values(BUNDLE_DIRS)) {
      writeBundle(dir);
      writePipeline(join(dir, 'pipelines'), 'coincap.yaml', 'name: coincap\n');
      writePipeline(join(dir, 'pipelines'), 'rickandmorty.yaml', 'name: rickandmorty\n');
    }
    writePipeline(join(BUNDLE_DIRS.extractor, 'pipelines'), 'rickandmorty.yaml', 'name: old\n');
    rmSync(join(repoRoot, BUNDLE_DIRS.loader, 'pipelines', 'coincap.yaml'));
    writePipeline(join(BUNDLE_DIRS.migrate, 'pipelines'), 'gone.yaml', 'name: gone\n');

    // Act
    const act = () => loadServiceCode(repoRoot);

    // Assess
    expect(act).toThrow(StaleBundleError);
    expect(act).toThrow(
      'Lambda bundles out of date with pipelines/ (services/extractor/dist/lambda: rickandmorty.yaml differs; ' +
        'services/loader/dist/lambda: coincap.yaml missing; services/loader/dist/migrate: gone.yaml removed since): ' +
        'run npm run build again',
    );
  });

  it('turns the four bundle folders into assets the stack synthesizes with', () => {
    // Prepare
    for (const dir of Object.values(BUNDLE_DIRS)) writeBundle(dir);

    // Act
    const template = Template.fromStack(buildStack({ code: loadServiceCode(repoRoot) }));

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sluice-loader',
      Code: {
        S3Bucket: { 'Fn::Sub': Match.stringLikeRegexp('cdk-.*-assets') },
        S3Key: Match.stringLikeRegexp('\\.zip$'),
      },
    });
  });
});
