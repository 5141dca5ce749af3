import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppHome, AppName, mainOf } from '../../bench/support/platform';

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Where the tests' app processes come from: this checkout's build, the given apps built first
 * when missing (npm test builds everything up front). TRIBUTARY_TEST_LOG_DIR keeps the whole
 * output of every process, for debugging a run.
 */
export function testAppHome(...apps: AppName[]): AppHome {
  for (const app of apps.filter((a) => !existsSync(mainOf(REPO_ROOT, a)))) {
    const build = spawnSync('npx', ['nest', 'build', app], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`could not build apps/${app}`);
  }
  return { repoRoot: REPO_ROOT, logDir: process.env.TRIBUTARY_TEST_LOG_DIR };
}
