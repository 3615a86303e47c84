import { PROJECT_ROOT } from '@sluice/cli';
import { stackUp } from '@sluice/cli/stack';
import { TEST_DATABASE_SERVER, TEST_ENDPOINT } from './test-env.ts';

/** The flows need LocalStack and MySQL; `npm test` has brought them up already, a bare `vitest` may not have. */
export default async function setup(): Promise<void> {
  await stackUp({ projectRoot: PROJECT_ROOT, endpoint: TEST_ENDPOINT, databaseUrl: TEST_DATABASE_SERVER });
}
