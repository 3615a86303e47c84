// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import { describe, expect, it } from 'vitest';
import { MissingVariableError, resolveTemplate, TemplateSchema, templateVariables } from './template.ts';

describe('Function: resolveTemplate()', () => {
  it('replaces each ${NAME} with its value from the environment', () => {
    // Act
    const url = resolveTemplate('${HOST}/v${VERSION}/assets', { HOST: 'https://api.test', VERSION: '3' });

    // Assess
    expect(url).toBe('https://api.test/v3/assets');
  });

  it('uses the default of ${NAME:-default} when the variable is unset or empty, like a shell', () => {
    const template = '${EPISODES_HTML_URL:-http://127.0.0.1:8080/episodes.html}';
    expect(resolveTemplate(template, {})).toBe('http://127.0.0.1:8080/episodes.html');
    expect(resolveTemplate(template, { EPISODES_HTML_URL: '' })).toBe('http://127.0.0.1:8080/episodes.html');
    expect(resolveTemplate(template, { EPISODES_HTML_URL: 'https://x.test/e' })).toBe('https://x.test/e');
  });

  it('keeps text without references as it is', () => {
    expect(resolveTemplate('https://rickandmortyapi.com/api', {})).toBe('https://rickandmortyapi.com/api');
  });

  it('throws a MissingVariableError naming the variable that has no value and no default', () => {
    // Act
    const act = () => resolveTemplate('${COINCAP_API_KEY}', { OTHER: 'x' });

    // Assess
    expect(act).toThrow(MissingVariableError);
    expect(act).toThrow("Environment variable COINCAP_API_KEY is required (by '${COINCAP_API_KEY}')");
  });

  it('names every missing variable at once, each once', () => {
    try {
      resolveTemplate('${A}/${B:-b}/${C}/${A}', {});
      expect.unreachable();
    } catch (error) {
      expect((error as MissingVariableError).variables).toEqual(['A', 'C']);
      expect((error as Error).message).toMatch(/^Environment variables A, C are required/);
    }
  });
});

describe('Function: templateVariables()', () => {
  it('lists the variables a template reads, in order, each once', () => {
    expect(templateVariables('${HOST:-h}/${KEY}/${HOST}')).toEqual(['HOST', 'KEY']);
  });
});

describe('Schema: TemplateSchema', () => {
  it('rejects a ${ that opens no valid reference', () => {
    expect(TemplateSchema.safeParse('${RICK AND MORTY}/api').success).toBe(false);
    expect(TemplateSchema.safeParse('${UNCLOSED/api').success).toBe(false);
    expect(TemplateSchema.safeParse('${OK:-x}/api').success).toBe(true);
  });
});
