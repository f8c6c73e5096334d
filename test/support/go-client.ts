import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The client-go test program (test/go-client), built by scripts/go-client-build.sh into a git-ignored directory. */
export const GO_CLIENT = join(__dirname, '..', '..', '.go-client-test', 'goclient');

/** The program's path; a clear error when it has not been built (a suite run on its own, before npm test built it). */
export function goClientProgram(): string {
  if (!existsSync(GO_CLIENT)) throw new Error(`${GO_CLIENT} is missing: scripts/go-client-build.sh builds it (npm run test:e2e does)`);
  return GO_CLIENT;
}
