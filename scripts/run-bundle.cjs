// Runs a bundle (the app's, scripts/app.sh; the CLI's, scripts/storytime.sh) with a V8 code cache beside it: parsing
// and compiling the bundle's functions is a fifth of synth time, and the cache
// skips it from the second run on. V8 rejects a cache that does not match the
// bundle, and the cache is then written anew.
'use strict';
const { Script } = require('node:vm');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const Module = require('node:module');

// cdktf 0.21, archived upstream, calls util.isArray when it synthesizes outputs, which Node.js 22 and later
// deprecate at run time (DEP0044): the warning would follow every synth, and no cdktf release will drop the call.
// Only that warning is dropped; every other one is printed as usual.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, type, code, ...rest) {
  if (code === 'DEP0044') return;
  return emitWarning.call(process, warning, type, code, ...rest);
};

const file = resolve(process.argv[2]);
// The bundle reads its arguments as if node had started it directly: process.argv = [node, bundle, ...args].
process.argv.splice(1, 1);
const cacheFile = `${file}.v8cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // After the run, so that the cache holds every function the run compiled.
  process.on('exit', () => {
    const temporary = `${cacheFile}.${process.pid}`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  });
}
const bundle = new Module(file, module);
bundle.filename = file;
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, dirname(file));
