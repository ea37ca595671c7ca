// packageServes on packages written to a temp dir: only the package's own code that starts a server
// counts, not its tests, scripts, build output or nested packages.
import { describe, expect, it } from 'vitest';
import { packageServes } from '../../src/project/serves.js';
import { tempPackage } from '../helpers/temp.js';

const express = { name: 'api', dependencies: { express: '4.21.0' } };
const app = "import express from 'express';\nexport const app = express();\n";

describe('packageServes', () => {
  it.each([
    ['an app that listens in its entry', { 'src/index.ts': `${app}app.listen(3000);\n` }, true],
    ['an http server built around the app', { 'src/server.js': "const http = require('http');\nhttp.createServer(require('./app')).listen(process.env.PORT);\n" }, true],
    ['express-generator: bin/www listens', { 'bin/www': "require('http').createServer(require('../app')).listen(3000);\n", 'app.js': app }, true],
    ['an app exported for a function platform', { 'api/index.ts': `${app}export default app;\n` }, false],
    ['listen() only in a test', { 'src/app.ts': app, 'src/app.test.ts': "import { app } from './app';\napp.listen(0);\n" }, false],
    ['listen() only in a script', { 'src/app.ts': app, 'scripts/dev-server.ts': "import { app } from '../src/app';\napp.listen(3000);\n" }, false],
    ['listen() only in build output', { 'src/app.ts': app, 'dist/server.js': 'app.listen(3000);\n' }, false],
    ['listen() only in a nested package', { 'src/app.ts': app, 'examples/local/package.json': '{ "name": "local" }', 'examples/local/index.ts': 'app.listen(3000);\n' }, false],
  ] as const)('%s', (_name, files: Record<string, string>, expected) => {
    expect(packageServes(tempPackage('poolguard-serves-', express, files))).toBe(expected);
  });
});
