// Which tests a node:test TAP report says failed: `npm test` names them again in its summary.
'use strict';

/**
 * The failed tests in a node:test TAP file, each as "title: first line of the error"; a test
 * that failed only because a subtest did is left out, its subtest is listed.
 */
function tapFailures(tap) {
  const lines = tap.split('\n');
  const failures = [];
  for (let i = 0; i < lines.length; i++) {
    const failed = /^\s*not ok \d+ - (.*)$/.exec(lines[i]);
    if (!failed) continue;
    let error = '';
    let parent = false;
    for (let j = i + 1; j < lines.length && !/^\s*(not )?ok \d+ /.test(lines[j]) && !/^\s*\.\.\.$/.test(lines[j]); j++) {
      if (/failureType: 'subtestsFailed'/.test(lines[j])) parent = true;
      const message = /^\s*error: (.*)$/.exec(lines[j]);
      if (message && !error) error = message[1].replace(/^['|>-]+\s*/, '').replace(/'$/, '');
      if (message && !error && lines[j + 1]) error = lines[j + 1].trim();
    }
    if (!parent) failures.push(`${failed[1]}${error ? `: ${error.slice(0, 300)}` : ''}`);
  }
  return failures;
}

module.exports = tapFailures;
