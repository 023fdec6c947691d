import { SancovRuntime } from './dist/harness/engine/coverage/sancov-runtime.js';
import koffi from 'koffi';
import fs from 'node:fs';
import crypto from 'node:crypto';
const rt = SancovRuntime.load(process.argv[2]);
const lib = koffi.load(process.argv[3]);
const f = lib.func('int demangled_len(const uint8_t *p, int n)');
const [counters] = rt.counterRegions();
const dir = process.argv[4];
const out = [];
for (const name of fs.readdirSync(dir).sort()) {
  const j = JSON.parse(fs.readFileSync(`${dir}/${name}`, 'utf8'));
  const a = j.input.args[0];
  if (a.kind !== 'buffer') continue;
  const b = Buffer.from(a.hex, 'hex');
  counters.fill(0);
  f(b, b.length);
  out.push(name.slice(0, 8) + ' ' + crypto.createHash('md5').update(counters).digest('hex').slice(0, 8));
}
console.log(out.join('\n'));
