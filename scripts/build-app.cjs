// Says why the app bundle did not build (scripts/app.sh runs it only then):
// one line per source esbuild cannot read or compile (a settings file saved as binary,
// a syntax error, a key given twice in one object literal, where JavaScript
// would keep the last without a word), naming the file and line, instead of
// esbuild's multi-line diagnostics. Usage: node scripts/build-app.cjs <entry>
'use strict';
const { buildSync } = require('esbuild');

const entry = process.argv[2];
const SETTINGS_FILE = /^stacks\/settings\/([^/]+)\.ts$/;

/** A file esbuild could not read, which it reports at the import of it: `Cannot read file "stacks/settings/qa.ts": permission denied`. */
const UNREADABLE = /^Cannot read file "([^"]+)": (.*)$/;

/** The file a message is about: the one esbuild could not read, else where the problem is. */
function fileOf({ text, location }) {
  const unreadable = UNREADABLE.exec(text);
  if (unreadable) return unreadable[1];
  return location ? location.file : entry;
}

/** `settings error: qa: stacks/settings/qa.ts:3: ...` for a settings file (as synth reports settings), else `synth: <file>:<line>: ...`. */
function line(message) {
  const file = fileOf(message);
  const settings = SETTINGS_FILE.exec(file);
  const prefix = settings ? `settings error: ${settings[1]}` : 'synth';
  const unreadable = UNREADABLE.exec(message.text);
  if (unreadable) return `${prefix}: ${file}: cannot be read: ${unreadable[2]}`;
  const where = message.location ? `${file}:${message.location.line}` : file;
  return `${prefix}: ${where}: does not compile: ${message.text.replace(/\s*\n\s*/g, ' ')}`;
}

try {
  // The options of the build in scripts/app.sh that decide what compiles; nothing is written.
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    logOverride: { 'duplicate-object-key': 'error' },
    write: false,
  });
  console.error('synth: everything compiles, yet esbuild could not write the app bundle to .cache/app: is the disk full or read-only?');
} catch (error) {
  if (!Array.isArray(error.errors)) throw error;
  const files = new Set();
  for (const message of error.errors) {
    const file = fileOf(message);
    if (!files.has(file)) console.error(line(message));
    files.add(file);
  }
}
process.exitCode = 1;
