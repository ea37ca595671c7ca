import { test } from 'vitest';
import jscodeshift from 'jscodeshift';
test('recast', () => {
  const j = jscodeshift.withParser('ts');
  const src = "import { PrismaClient } from '@prisma/client';\nimport { Router } from 'express';\n\nconst prisma = new PrismaClient();\n\nexport const r = Router();\nr.get('/', () => prisma.x);\n";
  let root = j(src);
  root.find(j.VariableDeclaration).at(0).remove();
  root.find(j.ImportDeclaration).at(-1).insertAfter(j.importDeclaration([j.importSpecifier(j.identifier('prisma'))], j.literal('../lib/prisma.js')));
  root.find(j.ImportDeclaration).at(0).remove();
  console.log('A:\n' + root.toSource({ quote: 'single' }));
  root = j(src);
  root.find(j.VariableDeclaration).at(0).remove();
  console.log('B:\n' + root.toSource({ quote: 'single' }));
});
