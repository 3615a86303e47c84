// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these warnings name
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { credentialVariables, sourceVariables, unprovidedVariables } from '../src/source-variables.ts';
import { buildStack, shippedPipeline } from './support/build-stack.ts';

// These three, not every file of pipelines/: a pipeline added later brings variables of its own.
const PIPELINES = ['coincap', 'episodes-html', 'rickandmorty'].map(shippedPipeline);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/coincap-api-key-AbC123';

const sluiceWarnings = (props: Parameters<typeof buildStack>[0]) =>
  Annotations.fromStack(buildStack({ pipelines: PIPELINES, ...props }))
    .findWarning('*', Match.stringLikeRegexp('.*'))
    // Without CDK's `[ack: <id>]` suffix.
    .map((warning) => String(warning.entry.data).replace(/ \[ack: [^\]]+\]$/, ''))
    .filter((text) => !text.includes('AwsSolutions-'));

describe('Function: unprovidedVariables()', () => {
  it('names the variables without a default that the deployment does not provide', () => {
    // Act
    const missing = unprovidedVariables(PIPELINES, []);

    // Assess: the URLs have defaults, the CoinCap key has none
    expect(missing).toEqual([{ pipeline: 'coincap', variables: ['COINCAP_API_KEY'] }]);
  });

  it('finds nothing missing once the variable is provided', () => {
    // Act
    const missing = unprovidedVariables(PIPELINES, ['COINCAP_API_KEY']);

    // Assess
    expect(missing).toEqual([]);
  });
});

describe('Function: sourceVariables() and credentialVariables()', () => {
  it('lists every variable the sources read, and the credentials among them', () => {
    // Act
    const all = sourceVariables(PIPELINES);
    const credentials = credentialVariables(PIPELINES);

    // Assess
    expect([...all].sort()).toEqual([
      'COINCAP_API_KEY',
      'COINCAP_API_URL',
      'EPISODES_HTML_URL',
      'RICK_AND_MORTY_API_URL',
    ]);
    expect([...credentials]).toEqual(['COINCAP_API_KEY']);
  });
});

describe('SluiceStack: warnings about source variables', () => {
  it('warns at synth that a pipeline’s credential is not provided', () => {
    // Act
    const warnings = sluiceWarnings({});

    // Assess
    expect(warnings).toEqual([
      'Pipeline coincap reads COINCAP_API_KEY, which neither extractorEnvironment nor sourceSecrets provides: its runs will fail',
    ]);
  });

  it('warns about nothing when the credential comes from a secret', () => {
    // Act
    const warnings = sluiceWarnings({ sourceSecrets: { COINCAP_API_KEY: SECRET_ARN } });

    // Assess
    expect(warnings).toEqual([]);
  });

  it('warns about a variable or secret no pipeline reads, as a likely typo', () => {
    // Act
    const warnings = sluiceWarnings({
      extractorEnvironment: { RICK_AND_MORTY_URL: 'https://mirror.example/api' },
      sourceSecrets: { COINCAP_API_KEY: SECRET_ARN, COINCAP_API_URL: SECRET_ARN },
    });

    // Assess
    expect(warnings.sort()).toEqual([
      'extractorEnvironment.RICK_AND_MORTY_URL: no pipeline file reads ${RICK_AND_MORTY_URL}',
      "sourceSecrets.COINCAP_API_URL: no pipeline's auth reads ${COINCAP_API_URL}, and the extractor reads secrets for credentials only",
    ]);
  });
});
