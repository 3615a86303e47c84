import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeDifferences,
  fingerprintConfiguration,
  fingerprintOfProcess,
  warehouseOf,
} from './configuration-fingerprint.ts';
import { pipelinesDirOf } from './pipeline-catalogue.ts';

const SHIPPED = pipelinesDirOf({});
const WAREHOUSE = 'mysql://root:secret@127.0.0.1:3306/sluice';
const base = { DATABASE_URL: WAREHOUSE };

const folderWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-fingerprint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

describe('Function: fingerprintConfiguration()', () => {
  it('is the same for the same files, variables and warehouse', async () => {
    // Act
    const first = await fingerprintConfiguration(base, SHIPPED);
    const second = await fingerprintConfiguration({ ...base, UNRELATED: 'x' }, SHIPPED);

    // Assess
    expect(second).toEqual(first);
    expect(first.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps a hash per variable the files name, never the value', async () => {
    // Act
    const result = await fingerprintConfiguration(
      { ...base, RICK_AND_MORTY_API_URL: 'http://127.0.0.1:9/api', COINCAP_API_KEY: 'top-secret' },
      SHIPPED,
    );

    // Assess: the shipped files name these (a credential also through its _SECRET_ARN).
    expect(Object.keys(result.variables)).toEqual(
      expect.arrayContaining(['RICK_AND_MORTY_API_URL', 'COINCAP_API_KEY', 'COINCAP_API_KEY_SECRET_ARN']),
    );
    expect(result.variables.COINCAP_API_KEY_SECRET_ARN).toBe('unset');
    expect(JSON.stringify(result)).not.toMatch(/top-secret|127\.0\.0\.1|secret@/);
  });

  it('says which variable differs', async () => {
    // Prepare
    const own = await fingerprintConfiguration({ ...base, RICK_AND_MORTY_API_URL: 'http://a/api' }, SHIPPED);

    // Act
    const theirs = await fingerprintConfiguration(
      { ...base, RICK_AND_MORTY_API_URL: 'http://b/api' },
      SHIPPED,
    );

    // Assess
    expect(theirs.fingerprint).not.toBe(own.fingerprint);
    expect(describeDifferences(own, theirs)).toEqual(['the variables they name: RICK_AND_MORTY_API_URL']);
  });

  it('counts an empty variable as unset, as a shell default (:-) does', async () => {
    const unset = await fingerprintConfiguration(base, SHIPPED);
    const empty = await fingerprintConfiguration({ ...base, RICK_AND_MORTY_API_URL: '' }, SHIPPED);
    expect(empty.fingerprint).toBe(unset.fingerprint);
  });

  it('says when the pipeline files differ', async () => {
    // Prepare
    const pipeline = 'name: a\n# a comment\n';
    const own = await fingerprintConfiguration(base, folderWith({ 'a.yaml': pipeline }));

    // Act
    const theirs = await fingerprintConfiguration(base, folderWith({ 'a.yaml': `${pipeline}# changed\n` }));

    // Assess
    expect(describeDifferences(own, theirs)).toEqual(['pipeline files']);
  });

  it('says when the warehouse differs, but not for a password or a process without one', async () => {
    // Prepare
    const own = await fingerprintConfiguration(base, SHIPPED);

    // Act
    const otherDatabase = await fingerprintConfiguration({ DATABASE_URL: `${WAREHOUSE}_other` }, SHIPPED);
    const otherPassword = await fingerprintConfiguration(
      { DATABASE_URL: 'mysql://root:other@127.0.0.1:3306/sluice' },
      SHIPPED,
    );
    const none = await fingerprintConfiguration({}, SHIPPED);

    // Assess
    expect(describeDifferences(own, otherDatabase)).toEqual(['warehouse']);
    expect(otherPassword.fingerprint).toBe(own.fingerprint);
    expect(describeDifferences(own, none)).toEqual([]);
  });
});

describe('Function: fingerprintOfProcess()', () => {
  it('reads the pipelines from SLUICE_PIPELINES_DIR, as a service does', async () => {
    // Prepare
    const dir = folderWith({ 'a.yaml': 'name: a\n' });

    // Act
    const result = await fingerprintOfProcess({ ...base, SLUICE_PIPELINES_DIR: dir });

    // Assess
    expect(result).toEqual(await fingerprintConfiguration(base, dir));
  });

  it('takes a parsed env laid over process.env, reading only its strings', async () => {
    // Act: a service's parsed env holds numbers and flags beside its defaulted DATABASE_URL.
    const result = await fingerprintOfProcess({
      SQS_WAIT_TIME_SECONDS: 2,
      SLUICE_STOP_WITH_PARENT: true,
      ...base,
    });

    // Assess
    expect(result).toEqual(await fingerprintConfiguration(base, SHIPPED));
  });
});

describe('Function: warehouseOf()', () => {
  it('keeps host, port and database, never the user or the password', () => {
    expect(warehouseOf(WAREHOUSE)).toBe('127.0.0.1:3306/sluice');
    expect(warehouseOf('mysql://u:p@db.example/w')).toBe('db.example:3306/w');
    expect(warehouseOf(undefined)).toBe('none');
  });
});

describe('Function: describeDifferences()', () => {
  it('names only the variables both sides read when the files differ too', async () => {
    // Prepare: their files name another variable; both read RICK_AND_MORTY_API_URL, with other values.
    const own = await fingerprintConfiguration({ ...base, RICK_AND_MORTY_API_URL: 'http://a/api' }, SHIPPED);
    const theirs = {
      parts: { ...own.parts, pipelines: 'other', variables: 'other' },
      variables: { RICK_AND_MORTY_API_URL: 'other', ONLY_THEIRS: 'x' },
    };

    // Act
    const differences = describeDifferences(own, theirs);

    // Assess
    expect(differences).toEqual(['pipeline files', 'the variables they name: RICK_AND_MORTY_API_URL']);
  });
});
