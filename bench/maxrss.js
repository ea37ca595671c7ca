// Preloaded into each Node tool the benchmark runs (`node --import ./bench/maxrss.js …`): writes the
// process's peak RSS (KiB) to $BENCH_RSS_FILE at exit, for machines without /usr/bin/time.
import fs from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
