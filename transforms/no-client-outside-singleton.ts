// no-client-outside-singleton: `const prisma = new PrismaClient()` at module scope becomes an import of
// the shared instance, keeping the local name. Offenders whose options differ from the singleton's are
// left as they are and reported, unless acceptOptionLoss.
import type { FileInfo, JSCodeshift } from 'jscodeshift';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { specifierFor } from '../src/project/specifier.js';
import { rewriteClientSites, type ClientRewrite } from './lib/client-sites.js';
import { loc, pathAt } from './lib/edit.js';
import { withLf } from './lib/text.js';
import { jscodeshiftTransform } from './lib/transform.js';

const RULE = 'no-client-outside-singleton' as const;

export const rewrite = withLf((file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult =>
  rewriteClientSites(RULE, file, j, context, rewriteSite, (site) => {
    if (site.once === 'module-scope' && site.binding) return undefined;
    const rest = file.source.slice(site.range[1]);
    const wrapped = site.once === 'module-scope' && /^\s*\.\s*\$?\w+\s*\(/.test(rest);
    return wrapped
      ? `the client is extended or wrapped here (\`${rest.trim().split('\n')[0]!.slice(0, 40)}\`); move that into the singleton module by hand`
      : 'not a top-level `const x = …` declaration; move it to the singleton module by hand';
  }),
);

/** `const prisma = new PrismaClient()` → `import { prisma } from '../lib/prisma.js'`. */
function rewriteSite({ file, j, root, style, specifiers, edits, imports, site, singleton, shared }: ClientRewrite): string | undefined {
  const binding = site.binding!;
  const declaration = pathAt(j, root, binding.range, ['VariableDeclaration']);
  if (!declaration) return 'could not locate the declaration to rewrite';
  const statement = declaration.parent?.node.type === 'ExportNamedDeclaration' ? declaration.parent : declaration;
  imports.push({ specifier: specifierFor(file.path, singleton, specifiers), imported: shared.exportName, local: binding.name });
  if (statement !== declaration) {
    // `export const prisma = new PrismaClient()` keeps exporting the (now shared) binding.
    edits.replace(loc(statement.node).start, loc(statement.node).end, `export { ${binding.name} }${style.semicolon ? ';' : ''}`);
  } else {
    edits.removeStatement(loc(statement.node).start, loc(statement.node).end);
  }
  return undefined;
}

export default jscodeshiftTransform(RULE, rewrite);
