import { SluiceError } from '@sluice/runtime';

/** The declaration asks for changes Sluice will not make by itself; nothing was changed. */
export class SchemaChangeRefused extends SluiceError {
  override name = 'SchemaChangeRefused';
  readonly refusals: string[];
  constructor(pipeline: string, refusals: string[]) {
    const list = refusals.map((refusal) => `\n  - ${refusal}`).join('');
    // Fails the same way until someone edits the YAML or migrates the table: retrying cannot help.
    super(`pipeline ${pipeline}: the warehouse tables were left unchanged, because:${list}`, {
      context: { pipeline, refusals },
      retryable: false,
    });
    this.refusals = refusals;
  }
}
