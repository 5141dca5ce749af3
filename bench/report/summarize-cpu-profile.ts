import { readFileSync } from 'node:fs';

/**
 * Where a process spent its CPU: self time of a V8 .cpuprofile (node --cpu-prof) grouped by
 * package (or app file) and by function, idle and GC shown apart.
 * Usage: node summarize-cpu-profile.js <file.cpuprofile> [top]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function ownerOf(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node: core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const app = /dist\/apps\/[^/]+\/((?:apps|libs)\/.+)$/.exec(url);
  return app ? app[1].replace(/\.js$/, '.ts') : url;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    total += micros;
    const owner = functionName === '(idle)' || functionName === '(garbage collector)' || functionName === '(program)' ? functionName : ownerOf(url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    const name = `${functionName || '(anonymous)'} ${ownerOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const top = Number(topArg ?? 25);
  const busy = total - (byOwner.get('(idle)') ?? 0);
  const print = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title} (share of busy time; ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s sampled)`);
    [...entries]
      .filter(([key]) => key !== '(idle)' && !key.startsWith('(idle) '))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([key, micros]) => console.log(`${((micros / busy) * 100).toFixed(1).padStart(6)} %  ${key}`));
  };
  print('self time by package or file', byOwner);
  print('self time by function', byFunction);
}

main();
