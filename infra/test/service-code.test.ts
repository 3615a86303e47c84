import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_DIRS, loadServiceCode, MissingBundleError } from '../src/service-code.ts';
import { buildStack } from './support/build-stack.ts';

describe('Function: loadServiceCode()', () => {
  let repoRoot: string;

  beforeEach(() => {
    repoRoot = mkdtempSync(join(tmpdir(), 'sluice-infra-'));
  });

  afterEach(() => {
    rmSync(repoRoot, { recursive: true, force: true });
  });

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
