// package.json lets a consumer's toolchain be the plugin's: TypeScript and ESLint are peers, the
// typescript-eslint packages are ranges npm can satisfy with the consumer's copies, and this repository
// builds with exact versions inside those ranges. scripts/install-size.mjs measures the effect.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

const EXACT = /^\d+\.\d+\.\d+$/;
const parts = (version: string): number[] => version.split('.').map(Number);
const compare = (a: string, b: string): number => {
  const [x, y] = [parts(a), parts(b)];
  return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
};
/** `^a.b.c` (a > 0), `>=a.b.c <d.e.f`, or several joined by `||`: whether `version` satisfies it. */
function satisfies(version: string, range: string): boolean {
  return range.split('||').some((alternative) => {
    const part = alternative.trim();
    const caret = /^\^(\d+\.\d+\.\d+)$/.exec(part);
    if (caret) return parts(version)[0] === parts(caret[1]!)[0] && compare(version, caret[1]!) >= 0;
    const between = /^>=(\d+\.\d+\.\d+) <(\d+\.\d+\.\d+)$/.exec(part);
    if (between) return compare(version, between[1]!) >= 0 && compare(version, between[2]!) < 0;
    throw new Error(`unsupported range ${part}`);
  });
}

describe('package.json', () => {
  it('has typescript and eslint as required peers, not dependencies, and builds with pinned copies in range', () => {
    for (const name of ['typescript', 'eslint']) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.peerDependenciesMeta?.[name]?.optional, name).not.toBe(true);
      expect(pkg.devDependencies[name], name).toMatch(EXACT);
      expect(satisfies(pkg.devDependencies[name]!, pkg.peerDependencies[name]!), name).toBe(true);
    }
    // typescript-eslint 8's own range is >=4.8.4 <6.1.0: ours may not reach past it.
    expect(pkg.peerDependencies.typescript).toBe('>=5.0.0 <6.1.0');
  });

  it('takes the @typescript-eslint packages as one caret range that holds the typescript-eslint we build with', () => {
    const ranges = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@typescript-eslint/'));
    expect(ranges.map(([name]) => name)).toEqual(expect.arrayContaining(['@typescript-eslint/parser', '@typescript-eslint/utils', '@typescript-eslint/scope-manager']));
    expect(new Set(ranges.map(([, range]) => range)).size).toBe(1);
    for (const [name, range] of ranges) {
      expect(range, name).toMatch(/^\^8\.\d+\.\d+$/);
      expect(satisfies(pkg.devDependencies['typescript-eslint']!, range), name).toBe(true);
    }
    // The first typescript-eslint with ESLint 10 among its peers.
    expect(satisfies('8.55.0', ranges[0]![1])).toBe(false);
    expect(satisfies('8.56.0', ranges[0]![1])).toBe(true);
  });

  it('pins no runtime dependency exactly, so npm can share it with the project', () => {
    for (const [name, range] of Object.entries(pkg.dependencies)) expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
  });
});
