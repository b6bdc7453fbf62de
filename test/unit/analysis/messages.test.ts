// What every finding says, over every fixture of every language the analyzer knows (a grammar
// added later is covered without touching this file): one plain sentence of at most about 100
// characters, since the Problems panel shows it raw and cuts it; the detail belongs to the hover,
// which adds to the message and never repeats it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { analyzeText } from '../../../src/analysis/analyzer';
import { EMPTY_CONTEXT } from '../../../src/analysis/context';
import { ParserService, grammarForPath } from '../../../src/analysis/parser';
import { fixturePath } from '../../shared/repo-paths';

const MAX_LENGTH = 100;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : grammarForPath(full) ? [full] : [];
  });
}

/** Why `message` is not a plain one-sentence diagnostic text, or undefined when it is. */
export function messageProblem(message: string): string | undefined {
  if (message.length > MAX_LENGTH) return `${message.length} characters (at most ${MAX_LENGTH})`;
  if (/`|\*\*|\[[^\]]*\]\(/.test(message)) return 'Markdown (backticks, emphasis or a link) in plain text';
  if (/\n/.test(message)) return 'more than one line';
  // A full stop followed by more text starts a second sentence ("e.g." and "1.0" are not stops).
  if (/[a-z)]\.\s+[A-Z]/.test(message)) return 'more than one sentence';
  return undefined;
}

test('the message rule itself: long, backticked and two-sentence texts are refused', () => {
  assert.equal(messageProblem('SO_REUSEADDR on srv->fd_ is not Markdown.'), undefined);
  assert.equal(messageProblem('fd is bound without SO_REUSEADDR: a restart within 60 s fails while TIME_WAIT lasts.'), undefined);
  assert.match(messageProblem('`fd` is bound without SO_REUSEADDR.') ?? '', /Markdown/);
  assert.match(messageProblem('x'.repeat(101)) ?? '', /101 characters/);
  assert.match(messageProblem('It fails. Then it fails again.') ?? '', /one sentence/);
});

test('every finding of every fixture has a plain one-sentence message, and its hover adds to it', async () => {
  const service = await ParserService.create();
  const files = filesUnder(fixturePath());
  assert.ok(files.length > 50, `only ${files.length} fixture files found under test/fixtures/`);
  const problems: string[] = [];
  let findings = 0;
  for (const file of files) {
    const result = await analyzeText(service, { path: file, text: fs.readFileSync(file, 'utf8') }, grammarForPath(file)!, {
      context: EMPTY_CONTEXT,
    });
    const where = path.relative(fixturePath(), file);
    for (const finding of result.findings) {
      findings++;
      const problem = messageProblem(finding.message);
      if (problem) problems.push(`${where} [${finding.rule}] ${problem}: ${finding.message}`);
      for (const related of finding.related ?? []) {
        const relatedProblem = messageProblem(related.message);
        if (relatedProblem) problems.push(`${where} [${finding.rule}] related: ${relatedProblem}: ${related.message}`);
      }
      const plain = finding.message.replace(/[.\s]+$/, '');
      for (const hover of result.hovers) {
        const hoverPlain = hover.markdown.replace(/[`*]/g, '');
        if (hoverPlain.includes(plain))
          problems.push(`${where} [${finding.rule}] the hover repeats the message: ${hover.markdown}`);
      }
    }
  }
  assert.ok(findings > 50, `only ${findings} findings over the fixtures`);
  assert.deepEqual(problems, []);
});
