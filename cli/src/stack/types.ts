/** How the AWS emulator on the endpoint is run; 'external' means something we did not start answers there. */
export type AwsVia = 'localstack-host' | 'localstack-docker' | 'moto' | 'external';

export type ProgressLevel = 'info' | 'warn';

/** Receives one human-readable line at a time; the CLI decides how (and whether) to show it. */
export type OnProgress = (message: string, level: ProgressLevel) => void;

export type StackInfo = {
  aws: {
    state: 'running' | 'stopped';
    via: AwsVia | null;
    endpoint: string;
    version: string | null;
    logFile: string | null;
  };
  mysql: {
    state: 'running' | 'stopped';
    /** The database URL with its password replaced by `****`. */
    url: string;
    version: string | null;
  };
};

export const ignoreProgress: OnProgress = () => {};
