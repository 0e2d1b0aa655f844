// tesseract.js's own Node worker script, run with network access removed. Every file it needs (the
// wasm core from node_modules, the language data of the @tesseract.js-data packages) is local, so
// a fetch can only mean a misconfiguration sending data or requests off the machine: fail loudly.
'use strict';

const refuse = () => Promise.reject(new Error('network access is disabled in OCR workers'));
globalThis.fetch = refuse;
require('tesseract.js/src/worker-script/node/index.js');
