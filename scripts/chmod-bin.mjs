// npm links the bin on install, but tsc drops the executable bit; restore it so
// `./dist/src/cli/main.js` and the linked `access-audit` both run.
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
