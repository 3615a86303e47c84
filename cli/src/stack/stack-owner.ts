import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A one-word note of what `stack up` started ('localstack-host', 'moto', 'docker', …). `stack down` stops only
 * what is noted here, so a LocalStack or MySQL someone else runs is never touched.
 */
export const readOwner = async (ownerFile: string): Promise<string | null> => {
  const text = await readFile(ownerFile, 'utf8').catch(() => '');
  return text.trim() === '' ? null : text.trim();
};

export const writeOwner = async (ownerFile: string, owner: string): Promise<void> => {
  await mkdir(dirname(ownerFile), { recursive: true });
  await writeFile(ownerFile, `${owner}\n`);
};

export const clearOwner = (ownerFile: string): Promise<void> => rm(ownerFile, { force: true });
