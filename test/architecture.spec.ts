import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The boundaries of docs/architecture.md, checked on every import of the source tree. */
const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Runtime imports: `import type` vanishes at compile time and couples nothing. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

function violations(files: string[], allowed: (specifier: string) => boolean): string[] {
  return files.flatMap((file) => runtimeImports(file).filter((s) => !allowed(s)).map((s) => `${relative(ROOT, file)} imports ${s}`));
}

const isRelative = (s: string) => s.startsWith('./') || s.startsWith('../');

describe('architecture', () => {
  it('the contracts (the domain) import no framework, driver or app', () => {
    const allowed = (s: string) =>
      (isRelative(s) && !s.includes('apps/')) || s.startsWith('node:') || s === 'ajv';
    expect(violations(sourceFiles(join(ROOT, 'libs/contracts/src')), allowed)).toEqual([]);
  });

  it("the writer's batch rules import only the contracts, not Kafka or ClickHouse", () => {
    const domain = ['event-row.ts', 'decode-batch.ts', 'event-store.ts', 'refused-rows.ts'].map((f) => join(ROOT, 'apps/writer/src/ingest', f));
    expect(violations(domain, (s) => isRelative(s) || s === '@tributary/contracts')).toEqual([]);
  });

  it('apps reach a lib only through its index, and never another app', () => {
    const apps = readdirSync(join(ROOT, 'apps')).flatMap((app) => sourceFiles(join(ROOT, 'apps', app, 'src')));
    const deep = (s: string) => s.includes('libs/') || s.startsWith('@tributary/') && s.split('/').length > 2 || (isRelative(s) && s.includes('../../'));
    expect(violations(apps, (s) => !deep(s))).toEqual([]);
  });

  it('kafkajs and @clickhouse/client are used only behind the platform adapters and the stores', () => {
    const all = [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))];
    const users = all.filter((file) => runtimeImports(file).some((s) => s === 'kafkajs' || s === '@clickhouse/client')).map((f) => relative(ROOT, f));
    expect(users.filter((f) => !/^libs\/platform\/src\/(kafka|clickhouse|health)\//.test(f) && !/(writer\.module|clickhouse-[\w-]+|event-metrics\.service)\.ts$/.test(f))).toEqual([]);
  });
});
