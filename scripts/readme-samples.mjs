#!/usr/bin/env node
// Writes the output samples and numbers of README.md and docs/*.md from real runs of the built CLI on
// the demo monorepo, so none of them is typed by hand: `node scripts/readme-samples.mjs` rewrites them,
// `--check` (run by `npm run docs:check`) exits 1 when a file differs from what the CLI prints now.
//
// It also draws docs/img/demo.svg, the README's terminal picture, from the same runs.
//
// A block sample sits between `<!-- sample:<name> -->` and `<!-- /sample:<name> -->`, a
// number between `<!-- n:<name> -->` and `<!-- /n -->` (HTML comments: GitHub shows only the value).
// Two edits are made to what the CLI prints, both visible as `…`: the clone's absolute path is cut
// from file names (a reader's differs), and the run time is elided (it differs on every run).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = 'fixtures/projects/demo';
/** The demo file whose `fix` diff the README shows: a pool opened on every request. */
const FIX_FILE = `${DEMO}/apps/web/src/app/api/products/route.ts`;
/** The commands whose `--help` docs/cli.md shows. */
const COMMANDS = ['check', 'fix', 'init', 'budget', 'doctor'];
/** The README's terminal picture, rendered from the same runs. */
const PICTURE = 'docs/img/demo.svg';

function poolguard(root, args, expected = 1) {
  // CI=true: no progress line on stderr, whatever the terminal.
  const child = spawnSync(process.execPath, [path.join(root, 'bin/poolguard.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (child.error) throw child.error;
  if (child.status !== expected) throw new Error(`poolguard ${args.join(' ')} exited ${child.status}, expected ${expected}:\n${child.stderr}`);
  return child.stdout;
}

/** Stylish output cut to the first file block of each rule and FIX_FILE's, `…` for the blocks left out. */
export function excerptCheck(stdout, root) {
  const text = stdout.split(`${root}${path.sep}`).join('').replace(/ in \d+ ms\./, ' in … ms.');
  const blocks = text.trim().split(/\n\n/);
  const summary = blocks.pop();
  const seen = new Set();
  const kept = [];
  let skipped = 0;
  const elide = () => {
    if (skipped) kept.push(`… ${skipped} more file${skipped === 1 ? '' : 's'}`);
    skipped = 0;
  };
  for (const block of blocks) {
    const rules = [...block.matchAll(/ (poolguard\/[\w-]+)$/gm)].map((m) => m[1]);
    if (block.startsWith(`${FIX_FILE}\n`) || rules.some((rule) => !seen.has(rule))) {
      elide();
      kept.push(block);
      for (const rule of rules) seen.add(rule);
    } else skipped++;
  }
  elide();
  return [`$ node bin/poolguard.js check ${DEMO}`, ...kept, summary].join('\n\n');
}

/** The `fix --dry` diff of FIX_FILE and the run's summary. */
export function excerptFix(stdout) {
  const files = stdout.split(/^={60,}\n/m);
  const diff = files.find((part) => part.startsWith(`--- a/${FIX_FILE}\n`));
  if (!diff) throw new Error(`fix --dry printed no diff of ${FIX_FILE}`);
  const summaryAt = stdout.indexOf('\npoolguard fix: ');
  if (summaryAt === -1) throw new Error('fix --dry printed no summary');
  return { diff: diff.trimEnd(), summary: stdout.slice(summaryAt + 1).trimEnd() };
}

/** What the README's picture shows: FIX_FILE's finding and the totals, then its diff and fix's first line. */
export function pictureLines(stylish, fix, root) {
  const blocks = stylish.split(`${root}${path.sep}`).join('').trim().split(/\n\n/);
  const summary = blocks.pop().split('\n')[0];
  const own = blocks.find((block) => block.startsWith(`${FIX_FILE}\n`));
  if (!own) throw new Error(`check reported nothing in ${FIX_FILE}`);
  const others = blocks.length - 1;
  return [
    `$ node bin/poolguard.js check ${DEMO}`, '', ...own.split('\n'), '', `… ${others} more file${others === 1 ? '' : 's'}`, '', summary, '',
    `$ node bin/poolguard.js fix --dry ${DEMO}`, ...fix.diff.split('\n'), '…', fix.summary.split('\n')[0],
  ];
}

const COLUMNS = 104;
const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A line broken at spaces to fit COLUMNS, continuations indented under a finding's message. */
function wrap(line) {
  const indent = ' '.repeat(/^ {2}\d+:\d+ {2}\w+ {2}/.exec(line)?.[0].length ?? 0);
  const out = [];
  let rest = line;
  while (rest.length > COLUMNS) {
    const at = rest.lastIndexOf(' ', COLUMNS);
    const cut = at > indent.length ? at : COLUMNS;
    out.push(rest.slice(0, cut));
    rest = indent + rest.slice(cut).trimStart();
  }
  return [...out, rest];
}

/** A terminal window holding the lines, word-wrapped at COLUMNS; diff lines coloured as git colours them. */
export function terminalSvg(lines) {
  const rows = lines.flatMap((line) => {
    const colour = line.startsWith('$ ') ? '#ffffff' : /^(\+\+\+|---) /.test(line) ? '#e6edf3' : line.startsWith('@@') ? '#79c0ff' : line.startsWith('+') ? '#7ee787' : line.startsWith('-') ? '#ff7b72' : '#c9d1d9';
    return wrap(line).map((text) => ({ text, colour, bold: line.startsWith('$ ') }));
  });
  const [charWidth, lineHeight, pad, top] = [8.4, 18, 16, 40];
  const width = Math.ceil(COLUMNS * charWidth + 2 * pad);
  const height = top + rows.length * lineHeight + pad;
  const text = rows.map((row, i) => `  <text x="${pad}" y="${top + (i + 1) * lineHeight - 5}" fill="${row.colour}"${row.bold ? ' font-weight="bold"' : ''}>${escapeXml(row.text)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="poolguard check and fix on the demo monorepo">`,
    '  <!-- Written by scripts/readme-samples.mjs from a real run of check and fix --dry on fixtures/projects/demo. -->',
    `  <rect width="${width}" height="${height}" rx="8" fill="#0d1117"/>`,
    '  <circle cx="20" cy="18" r="6" fill="#ff5f57"/><circle cx="40" cy="18" r="6" fill="#febc2e"/><circle cx="60" cy="18" r="6" fill="#28c840"/>',
    `  <g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace" font-size="14" xml:space="preserve">`,
    ...text,
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}

/** Budget output with each package cut to its first two sites, `…` for the rest. */
export function excerptBudget(stdout) {
  const out = [];
  let sites = 0;
  for (const line of stdout.trimEnd().split('\n')) {
    const site = /^ {2}\S+:\d+:\d+ /.test(line);
    if (!site) {
      if (sites > 2) out.push('  …');
      sites = 0;
      out.push(line);
    } else if (++sites <= 2) out.push(line);
  }
  return out.join('\n');
}

function count(pattern, text, what) {
  const m = pattern.exec(text);
  if (!m) throw new Error(`no ${what} in the output (${pattern})`);
  return Number(m[1]);
}

/** Everything README.md shows that comes from a run: block samples and numbers, by marker name. */
export async function produce(root = ROOT) {
  const stylish = poolguard(root, ['check', DEMO]);
  const results = JSON.parse(poolguard(root, ['check', DEMO, '--format', 'json']));
  const messages = results.flatMap((r) => r.messages);
  const fix = excerptFix(poolguard(root, ['fix', '--dry', DEMO]));
  const budget = excerptBudget(poolguard(root, ['budget', DEMO]));
  const { EXIT } = await import(pathToFileURL(path.join(root, 'dist/src/io/process.js')).href);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const engines = manifest.engines.node;
  const eslintMajors = [...manifest.peerDependencies.eslint.matchAll(/\^(\d+)\./g)].map((m) => m[1]);
  const problems = count(/✖ (\d+) problems?/, stylish, 'problem count');
  if (problems !== messages.length) throw new Error(`stylish says ${problems} problems, json has ${messages.length}`);
  const picture = terminalSvg(pictureLines(stylish, fix, root));
  return {
    picture,
    samples: {
      check: excerptCheck(stylish, root),
      'fix-diff': fix.diff,
      'fix-summary': `$ node bin/poolguard.js fix --dry ${DEMO}\n…\n${fix.summary}`,
      budget: `$ node bin/poolguard.js budget ${DEMO}\n${budget}`,
      ...Object.fromEntries(COMMANDS.map((command) => [`help-${command}`, `$ poolguard ${command} --help\n${poolguard(root, [command, '--help'], 0).trimEnd()}`])),
      help: `$ poolguard --help\n${poolguard(root, ['--help'], 0).trimEnd()}`,
    },
    numbers: {
      node: /^>=\s*([\d.]+)$/.exec(engines)?.[1] ?? engines,
      eslint: eslintMajors.length > 1 ? `${eslintMajors.slice(0, -1).join(', ')} or ${eslintMajors.at(-1)}` : eslintMajors.join(''),
      'check.problems': String(problems),
      'check.files': String(results.filter((r) => r.messages.length > 0).length),
      'check.prisma': String(messages.filter((m) => m.ruleId === 'poolguard/no-client-outside-singleton' && m.message.startsWith('`PrismaClient`')).length),
      'fix.files': String(count(/^poolguard fix: would change (\d+) files?/m, fix.summary, 'changed-file count')),
      'fix.left': String(count(/^left as is \((\d+)\)/m, fix.summary, 'left-as-is count')),
      'exit.clean': String(EXIT.clean),
      'exit.findings': String(EXIT.findings),
      'exit.error': String(EXIT.error),
    },
  };
}

const SAMPLE = /(<!-- sample:([\w.-]+) -->\n)([\s\S]*?)(<!-- \/sample:\2 -->)/g;
const NUMBER = /(<!-- n:([\w.-]+) -->)([^<]*)(<!-- \/n -->)/g;

/** The files whose markers this script fills, relative to the root. */
export function markedFiles(root = ROOT) {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

/** One file's text with every marker's content replaced; `used` collects the markers met. */
export function render(text, produced, used = new Set(), file = 'README.md') {
  const fill = (kind, values, wrap) => (_all, open, name, _old, close) => {
    if (!(name in values)) throw new Error(`${file} has a ${kind} marker "${name}" that scripts/readme-samples.mjs does not produce`);
    used.add(`${kind}:${name}`);
    return open + wrap(name, values[name]) + close;
  };
  const fenced = (name, text) => `\`\`\`${name === 'fix-diff' ? 'diff' : 'text'}\n${text}\n\`\`\`\n`;
  return text.replace(SAMPLE, fill('sample', produced.samples, fenced)).replace(NUMBER, fill('n', produced.numbers, (_name, v) => v));
}

/** Every marked file's current and rendered text; throws when a produced value has no marker anywhere. */
export function renderAll(produced, root = ROOT) {
  const used = new Set();
  const files = markedFiles(root).map((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return { file, text, next: render(text, produced, used, file) };
  });
  const picture = path.join(root, PICTURE);
  files.push({ file: PICTURE, text: fs.existsSync(picture) ? fs.readFileSync(picture, 'utf8') : '', next: produced.picture });
  const missing = [...Object.keys(produced.samples).map((n) => `sample:${n}`), ...Object.keys(produced.numbers).map((n) => `n:${n}`)].filter((k) => !used.has(k));
  if (missing.length) throw new Error(`no marker in README.md or docs/ for: ${missing.join(', ')}`);
  return files;
}

async function cli(args) {
  const files = renderAll(await produce());
  const stale = files.filter((f) => f.next !== f.text);
  if (args.includes('--check')) {
    for (const f of stale) process.stderr.write(`${f.file}: the samples or numbers differ from what the CLI prints now; run \`node scripts/readme-samples.mjs\` and review the diff\n`);
    return stale.length ? 1 : 0;
  }
  for (const f of stale) {
    fs.mkdirSync(path.dirname(path.join(ROOT, f.file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, f.file), f.next);
  }
  process.stdout.write(stale.length ? `rewrote ${stale.map((f) => f.file).join(', ')}\n` : 'samples up to date\n');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    process.stderr.write(`readme-samples: ${error.message}\n`);
    process.exit(2);
  });
}
