// `node bench/measure-repo.js <dir>…`: the distributions bench/generate.js reproduces, measured on real
// repositories with poolguard's own discovery and import scanner (after `npm run build`). Prints one
// JSON object per repository; bench/README.md records the figures.
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../dist/src/cli/discover.js';
import { createPolicy } from '../dist/src/core/policy.js';
import { importSpecifiers, mayCreateClient, mayHaveFindings } from '../dist/src/core/prefilter.js';
import { moduleSpec } from '../dist/src/core/clients.js';

const DRIZZLE_SCHEMA = /from\s*['"]drizzle-orm\/(?:pg|mysql|sqlite)-core['"]/;
const REEXPORT = /^\s*export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s*)?from\s*['"][^'"]+['"]/gm;
const ROUTE = /(?:\/app\/.*\/route\.[jt]sx?$|\/pages\/api\/|\/routes?\/|\/api\/)/;
const pct = (n, d) => (d ? Math.round((1000 * n) / d) / 10 : 0);
const quantile = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

for (const arg of process.argv.slice(2)) {
  const dir = path.resolve(arg);
  const { files } = await discoverFiles([dir], dir, dir);
  const policy = createPolicy({}, dir);
  const texts = files.map((file) => [file, fs.readFileSync(file, 'utf8')]);
  const stemOf = (file) => file.replace(/(?:\/index)?\.(?:[cm]?[jt]s|[jt]sx)$/, '');
  const stems = new Map(texts.map(([file]) => [stemOf(file), file]));
  let prisma = 0, prismaTypeOnly = 0, catalogue = 0, creators = 0, passes = 0, barrels = 0, singletonImporters = 0, routes = 0, routesWithSingleton = 0;
  const schemaFiles = new Set(texts.filter(([, text]) => DRIZZLE_SCHEMA.test(text)).map(([file]) => file));
  // …and the barrels next to them (`schema/index.ts`), which is what most files import.
  const schemaDirs = new Set([...schemaFiles].map((file) => path.dirname(file)));
  for (const [file, text] of texts) if (schemaDirs.has(path.dirname(file)) && REEXPORT.test(text)) schemaFiles.add(file);
  REEXPORT.lastIndex = 0;
  const schemaImporters = new Set();
  const sizes = [];
  for (const [file, text] of texts) {
    sizes.push(Buffer.byteLength(text));
    const specifiers = importSpecifiers(text);
    if (specifiers.some((s) => s === '@prisma/client' || /generated\/prisma|prisma\/client/.test(s))) {
      prisma++;
      if (!mayCreateClient(text, file, policy)) prismaTypeOnly++;
    }
    if (specifiers.some((s) => moduleSpec(s))) catalogue++;
    if (mayCreateClient(text, file, policy)) creators++;
    if (mayHaveFindings(text, file, policy)) passes++;
    const reexports = [...text.matchAll(REEXPORT)].length;
    const statements = text.split('\n').filter((line) => line.trim() && !line.trim().startsWith('//')).length;
    if (reexports > 0 && reexports >= statements * 0.8) barrels++;
    const importsSingleton = specifiers.some((s) => policy.isSingletonSpecifier(file, s));
    if (importsSingleton) singletonImporters++;
    if (ROUTE.test(file)) {
      routes++;
      if (importsSingleton) routesWithSingleton++;
    }
    for (const s of specifiers) {
      if (!s.startsWith('.')) continue;
      const target = stems.get(stemOf(path.resolve(path.dirname(file), s)));
      if (target && schemaFiles.has(target)) schemaImporters.add(file);
    }
  }
  sizes.sort((a, b) => a - b);
  console.log(JSON.stringify({
    repo: path.basename(dir),
    files: files.length,
    importsPrismaClientPct: pct(prisma, files.length),
    ofThoseNoCreatorPct: pct(prismaTypeOnly, prisma),
    importsCataloguePct: pct(catalogue, files.length),
    mayCreateClientFiles: creators,
    prefilterPasses: passes,
    barrelPct: pct(barrels, files.length),
    importsSingletonModulePct: pct(singletonImporters, files.length),
    routeFiles: routes,
    routesImportingSingletonPct: pct(routesWithSingleton, routes),
    drizzleSchemaFiles: schemaFiles.size,
    importsDrizzleSchemaRelativePct: pct(schemaImporters.size, files.length),
    bytes: { p50: quantile(sizes, 0.5), p90: quantile(sizes, 0.9), p99: quantile(sizes, 0.99), max: sizes.at(-1), over50k: sizes.filter((s) => s > 50_000).length },
  }));
}
