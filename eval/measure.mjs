#!/usr/bin/env node
// One poolguard command over one folder, in its own process so that time and peak RSS are the
// command's own: node eval/measure.mjs <cli main.js> <out.json> <command> <args...>
// Writes { exitCode, elapsedMs, maxRssKb, stdout, stderr, error? } to <out.json>.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [mainJs, outFile, ...argv] = process.argv.slice(2);
let stdout = '';
let stderr = '';
const io = {
  cwd: process.cwd(),
  env: { ...process.env, CI: '1' },
  stdout: (text) => void (stdout += text),
  stderr: (text) => void (stderr += text),
  isTTY: false,
  stderrIsTTY: false,
};
const started = performance.now();
let exitCode;
let error;
try {
  const { main } = await import(pathToFileURL(mainJs).href);
  exitCode = await main(argv, io);
} catch (caught) {
  error = caught instanceof Error ? caught.stack ?? caught.message : String(caught);
  exitCode = 2;
}
const elapsedMs = Math.round(performance.now() - started);
const maxRssKb = process.resourceUsage().maxRSS;
fs.writeFileSync(outFile, JSON.stringify({ exitCode, elapsedMs, maxRssKb, stdout, stderr, ...(error ? { error } : {}) }));
