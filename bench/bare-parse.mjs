// The baseline of the fleet benchmark's process figure: read every YAML file under a folder and parse it with
// the `yaml` package, nothing else (no rules, no models). Usage: node bench/bare-parse.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

let n = 0;
for (const e of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !/\.ya?ml$/.test(e.name)) continue;
  parseAllDocuments(readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8'));
  n++;
}
process.stdout.write(`${n} files parsed\n`);
