// Loaded on first use, not at import: middy imports ReadableStream for streamed responses, which no
// function sends (loading the web streams took about 3 ms of every module load).
// The names are every export of node:stream/web on Node.js 20 and 22; test/unit/builtin-shims.test.ts checks them.
let loaded;
for (const name of ['ByteLengthQueuingStrategy', 'CompressionStream', 'CountQueuingStrategy', 'DecompressionStream', 'ReadableByteStreamController', 'ReadableStream', 'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest', 'ReadableStreamDefaultController', 'ReadableStreamDefaultReader', 'TextDecoderStream', 'TextEncoderStream', 'TransformStream', 'TransformStreamDefaultController', 'WritableStream', 'WritableStreamDefaultController', 'WritableStreamDefaultWriter']) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => (loaded ??= process.getBuiltinModule('node:stream/web'))[name] });
}
