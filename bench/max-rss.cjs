// Preloaded (NODE_OPTIONS=--require) into every node process of a measured
// tree when GNU time is missing: appends this process's peak RSS in KiB.
const { appendFileSync } = require('node:fs');

process.on('exit', () => appendFileSync(process.env.BENCH_MAX_RSS_FILE, `${process.resourceUsage().maxRSS}\n`));
