import { describe, expect, it } from 'vitest';
import { readAppOptions } from '../src/app-context.ts';

const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('Function: readAppOptions()', () => {
  it('reads maps given on the command line as JSON strings', () => {
    // Act
    const options = readAppOptions(
      contextOf({
        prefix: 'sluice-dev',
        extractorEnvironment: '{"RICK_AND_MORTY_API_URL":"https://mirror.example/api"}',
        sourceSecrets: '{"COINCAP_API_KEY":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbC123"}',
      }),
    );

    // Assess
    expect(options).toEqual({
      prefix: 'sluice-dev',
      extractorEnvironment: { RICK_AND_MORTY_API_URL: 'https://mirror.example/api' },
      sourceSecrets: { COINCAP_API_KEY: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbC123' },
    });
  });

  it('reads maps given in cdk.json as objects, and leaves out what is not set', () => {
    // Act
    const options = readAppOptions(
      contextOf({ alarmEmail: 'ops@example.com', prefix: '', extractorEnvironment: { A_URL: 'x' } }),
    );

    // Assess
    expect(options).toEqual({ alarmEmail: 'ops@example.com', extractorEnvironment: { A_URL: 'x' } });
  });

  it('reads sourceNetwork as JSON on the command line or as an object in cdk.json', () => {
    // Prepare
    const network = {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0a1b2c3d4e5f60711'],
      databaseSecurityGroupId: 'sg-0a1b2c3d4e5f60799',
      databasePort: 3307,
    };

    // Act
    const fromCommandLine = readAppOptions(contextOf({ sourceNetwork: JSON.stringify(network) }));
    const fromCdkJson = readAppOptions(contextOf({ sourceNetwork: network }));

    // Assess
    expect(fromCommandLine).toEqual({ sourceNetwork: network });
    expect(fromCdkJson).toEqual({ sourceNetwork: network });
  });

  it.each([
    ['vpc-0a1b2c3d4e5f60718', 'Context sourceNetwork must be a JSON object'],
    ['["vpc-0a1b2c3d4e5f60718"]', 'Context sourceNetwork must be an object'],
  ])('throws for sourceNetwork %s', (value, message) => {
    // Act
    const act = () => readAppOptions(contextOf({ sourceNetwork: value }));

    // Assess
    expect(act).toThrow(message);
  });

  it.each([
    ['not json', 'Context sourceSecrets must be a JSON object of strings'],
    ['["a"]', 'Context sourceSecrets must be an object of strings'],
    ['{"A":1}', 'Context sourceSecrets must be an object of strings'],
  ])('throws for sourceSecrets %s', (value, message) => {
    // Act
    const act = () => readAppOptions(contextOf({ sourceSecrets: value }));

    // Assess
    expect(act).toThrow(message);
  });
});
