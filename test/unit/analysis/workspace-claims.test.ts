// The claim counter of a workspace pass: this thread takes jobs from the front, the workers from
// the back, and no job is taken twice or left over, whatever the interleaving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { allClaimed, claimJob, claimedCount, closeClaims, newClaims } from '../../../src/analysis/workspace-claims';
import { fuzzSeed } from './fuzz-inputs';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('claims: any interleaving of the two ends takes every job once, the front in order from 0, the back from the last', () => {
  fc.assert(
    fc.property(fc.nat({ max: 40 }), fc.array(fc.boolean(), { maxLength: 60 }), (count, turns) => {
      const claims = newClaims();
      const front: number[] = [];
      const back: number[] = [];
      for (const fromFront of turns) {
        const at = claimJob(claims, count, fromFront ? 'front' : 'back');
        if (at >= 0) (fromFront ? front : back).push(at);
      }
      // Whatever is left goes to the front.
      for (let at = claimJob(claims, count, 'front'); at >= 0; at = claimJob(claims, count, 'front')) front.push(at);
      assert.deepEqual(front, range(front.length));
      assert.deepEqual(
        back,
        range(back.length).map((i) => count - 1 - i),
      );
      assert.deepEqual(
        [...front, ...back].sort((a, b) => a - b),
        range(count),
      );
      assert.equal(claimedCount(claims, count), count);
      assert.equal(allClaimed(claims, count), true);
      assert.equal(claimJob(claims, count, 'back'), -1);
    }),
    { seed: fuzzSeed(), numRuns: 500 },
  );
});

test('claims: closed claims give no job to either end', () => {
  const claims = newClaims();
  assert.equal(claimJob(claims, 5, 'front'), 0);
  assert.equal(allClaimed(claims, 5), false);
  closeClaims(claims, 5);
  assert.equal(allClaimed(claims, 5), true);
  assert.equal(claimJob(claims, 5, 'front'), -1);
  assert.equal(claimJob(claims, 5, 'back'), -1);
  assert.equal(claimedCount(claims, 5), 5);
});

test('claims: a worker thread at the back and this thread at the front split the jobs between them, none twice', async () => {
  const count = 20_000;
  const claims = newClaims();
  const module = path.join(__dirname, '..', '..', '..', 'src', 'analysis', 'workspace-claims.js');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { claimJob } = require(workerData.module);
     const claims = new Int32Array(workerData.buffer);
     const got = [];
     for (let at = claimJob(claims, workerData.count, 'back'); at >= 0; at = claimJob(claims, workerData.count, 'back')) got.push(at);
     parentPort.postMessage(got);`,
    { eval: true, workerData: { module, buffer: claims.buffer, count } },
  );
  const theirs = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // One job here, then a wait until the worker has taken one too, then the rest.
  const mine = [claimJob(claims, count, 'front')];
  for (const until = Date.now() + 10_000; claimedCount(claims, count) === 1 && Date.now() < until;)
    await new Promise((resolve) => setTimeout(resolve, 1));
  for (let at = claimJob(claims, count, 'front'); at >= 0; at = claimJob(claims, count, 'front')) mine.push(at);
  const back = await theirs;
  await worker.terminate();
  assert.deepEqual(mine, range(mine.length));
  assert.deepEqual(
    back,
    range(back.length).map((i) => count - 1 - i),
  );
  assert.ok(back.length > 0, 'the worker took no job within 10 s');
  assert.equal(mine.length + back.length, count);
});
