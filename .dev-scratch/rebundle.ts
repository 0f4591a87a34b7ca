import { buildLikeServiceFunction } from '../bench/support/bundle';
const [entry, out] = process.argv.slice(2);
const r = await buildLikeServiceFunction('/work/main', entry!, out!);
console.log(r.file, r.bytes);
