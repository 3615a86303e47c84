import { join } from 'node:path';

/** Where the stack keeps its files. Everything under `.sluice/` is local state (gitignored); the rest is committed. */
export type StackPaths = {
  stateDir: string;
  localstackDir: string;
  venvDir: string;
  venvPython: string;
  installStampFile: string;
  pipLogFile: string;
  dataDir: string;
  logFile: string;
  motoLogFile: string;
  pidFile: string;
  awsOwnerFile: string;
  mysqlOwnerFile: string;
  lockFile: string;
  composeFile: string;
};

export const resolveStackPaths = (projectRoot: string): StackPaths => {
  const stateDir = join(projectRoot, '.sluice');
  const localstackDir = join(stateDir, 'localstack');
  const venvDir = join(localstackDir, 'venv');
  return {
    stateDir,
    localstackDir,
    venvDir,
    venvPython: join(venvDir, 'bin', 'python'),
    // Inside the venv, so deleting the venv also forgets that it was installed.
    installStampFile: join(venvDir, 'sluice-lock.sha256'),
    pipLogFile: join(localstackDir, 'pip-install.log'),
    dataDir: join(localstackDir, 'data'),
    logFile: join(localstackDir, 'localstack.log'),
    motoLogFile: join(localstackDir, 'moto.log'),
    pidFile: join(localstackDir, 'pid'),
    // Which way we started the AWS emulator (see stack-owner.ts), so `stack down` stops only that.
    awsOwnerFile: join(localstackDir, 'started-by'),
    mysqlOwnerFile: join(stateDir, 'mysql', 'started-by'),
    lockFile: join(projectRoot, 'localstack', 'requirements.lock'),
    composeFile: join(projectRoot, 'localstack', 'docker-compose.yml'),
  };
};
