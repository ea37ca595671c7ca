#!/usr/bin/env node
// Thin launcher: the CLI is bundled, dist/cli/ (scripts/bundle.mjs; built by `npm run build`, run by `prepare` on `npm ci`).
import { main } from '../dist/cli/main.js';

// `poolguard check | head`: the reader went away; that ends the output, it is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    // A bug: one line, with the stack only under --debug.
    const debug = process.argv.includes('--debug');
    const text = error instanceof Error ? (debug ? error.stack ?? error.message : error.message.split('\n')[0]) : String(error);
    process.stderr.write(`poolguard: internal error: ${text}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
    process.exitCode = 2;
  },
);
