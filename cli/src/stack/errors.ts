/** Base class for everything `stack up/down/status` throws, so the CLI can print these without a stack trace. */
export class StackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StackError';
  }
}

/** A process we started exited or never became ready; carries the end of its log, which usually says why. */
export class ProcessStartError extends StackError {
  readonly logFile: string;
  readonly logTail: string;

  constructor(message: string, details: { logFile: string; logTail: string }, options?: ErrorOptions) {
    const tail = details.logTail.trim() === '' ? '(the log is empty)' : details.logTail;
    super(`${message}\n--- last lines of ${details.logFile} ---\n${tail}`, options);
    this.name = 'ProcessStartError';
    this.logFile = details.logFile;
    this.logTail = details.logTail;
  }
}

export class PythonVersionError extends StackError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PythonVersionError';
  }
}

export class MysqlUnavailableError extends StackError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MysqlUnavailableError';
  }
}

/** The server answers but refuses the user; `fixSql` is what an operator can run to let it in (no password in it). */
export class MysqlAccessDeniedError extends StackError {
  readonly fixSql: string | null;

  constructor(message: string, fixSql: string | null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MysqlAccessDeniedError';
    this.fixSql = fixSql;
  }
}
