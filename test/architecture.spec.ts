import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The boundaries of docs/architecture.md, as dependency-cruiser finds them (.dependency-cruiser.js). */
const ROOT = join(__dirname, '..');
const FIXTURES = join(__dirname, 'architecture-fixtures');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser is ESM-only and jest runs CommonJS: its CLI, with a JSON report. */
function violationsIn(baseDir: string, folders: string[]): Violation[] {
  const args = [...folders, '--config', join(ROOT, '.dependency-cruiser.js'), '--output-type', 'json', '--ts-config', join(ROOT, 'tsconfig.json')];
  let output: string;
  try {
    output = execFileSync(join(ROOT, 'node_modules/.bin/depcruise'), args, { cwd: baseDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // It exits non-zero when it finds violations; the report is still on stdout.
    output = (error as { stdout?: string }).stdout ?? '';
    if (!output) throw error;
  }
  const report = JSON.parse(output) as { summary: { violations: Violation[]; totalCruised: number } };
  return report.summary.violations;
}

describe('architecture (dependency-cruiser)', () => {
  it('the code keeps every boundary', () => {
    expect(violationsIn(ROOT, ['apps', 'libs']).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 60_000);

  it('every rule still catches the breach it names', () => {
    const found = violationsIn(FIXTURES, ['apps', 'libs']).map((v) => `${v.rule.name}: ${v.from}`);
    expect(found.sort()).toEqual(
      [
        'apps-never-import-apps: apps/gateway/src/breaches.ts',
        'contracts-are-the-domain: libs/contracts/src/uses-nest.ts',
        'drivers-behind-adapters: apps/gateway/src/breaches.ts',
        'drivers-behind-adapters: apps/writer/src/ingest/decode-batch.ts',
        'imports-resolve: apps/gateway/src/deep-alias.ts',
        'libs-through-their-index: apps/gateway/src/breaches.ts',
        'writer-rules-are-the-domain: apps/writer/src/ingest/decode-batch.ts',
      ].sort(),
    );
  }, 60_000);
});
