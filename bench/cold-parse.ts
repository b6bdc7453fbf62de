// The whole-process baseline of bench/workspace.ts: a fresh node process that loads
// web-tree-sitter and the grammars it needs, then reads and bare-parses, on one thread, every
// file listed (one path per line) in the file named by its argument. It pays what any process
// that parses those files pays (node's start, compiling the grammars, the reads), and nothing of
// the analysis. Prints the number of files parsed.
import * as fs from 'node:fs';
import { ParserService, grammarForPath } from '../src/analysis/parser';

async function main(): Promise<void> {
  const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const service = await ParserService.create();
  let parsed = 0;
  for (const file of files) {
    const grammar = grammarForPath(file);
    if (!grammar) continue;
    await service.language(grammar);
    service.parseLoaded(grammar, fs.readFileSync(file, 'utf8')).delete();
    parsed++;
  }
  service.dispose();
  console.log(parsed);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
