// One pass over the tree: the calls and `new`s that could create or close a client, and every
// `import()`. It also links `parent`, which ESLint does for us but a bare parse does not.
import type { TSESTree } from '@typescript-eslint/utils';
import { forEachChild, setParents, type Node } from './ast.js';

export type Candidate = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.ImportExpression;

export function findCandidates(ast: TSESTree.Program): Candidate[] {
  const candidates: Candidate[] = [];
  const walk = (node: Node, parent: Node | undefined): void => {
    if (parent && !node.parent) (node as { parent?: Node }).parent = parent;
    switch (node.type) {
      case 'CallExpression':
      case 'NewExpression':
        if (isCandidateCallee(node.callee)) candidates.push(node);
        break;
      case 'ImportExpression':
        candidates.push(node);
        break;
      case 'TSImportType':
      case 'TSTypeAnnotation':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
        // Types open no connection (`import('knex')` in a type is not an import); only link parents.
        setParents(node);
        return;
      default:
        break;
    }
    forEachChild(node, (child) => walk(child, node));
  };
  walk(ast, undefined);
  return candidates;
}

function isCandidateCallee(callee: TSESTree.Expression): boolean {
  let current: Node = callee;
  while (current.type === 'MemberExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSAsExpression' || current.type === 'CallExpression') {
    if (current.type === 'CallExpression') {
      // `require('knex')({ … })`
      return current.callee.type === 'Identifier' && current.callee.name === 'require';
    }
    current = current.type === 'MemberExpression' ? current.object : current.expression;
  }
  return current.type === 'Identifier' || current.type === 'ImportExpression' || current.type === 'AwaitExpression';
}
