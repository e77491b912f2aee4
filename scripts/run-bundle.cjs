// Runs the app bundle (scripts/app.sh) with a V8 code cache beside it: parsing
// and compiling the bundle's functions is a fifth of synth time, and the cache
// skips it from the second run on. V8 rejects a cache that does not match the
// bundle, and the cache is then written anew.
'use strict';
const { Script } = require('node:vm');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const Module = require('node:module');

const file = resolve(process.argv[2]);
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
