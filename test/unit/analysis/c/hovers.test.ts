// Hovers on C binds: whether address reuse is on for the socket, where it was set, and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtureText, readFixture, lineOf, EMPTY_CONTEXT } from './harness';

test('hovers on bind say whether reuse is on and where it was set', async () => {
  const on = readFixture('missing-reuseaddr/tcp_server_reuse.c');
  const onResult = await analyzeFixtureText('missing-reuseaddr/tcp_server_reuse.c', on, EMPTY_CONTEXT);
  assert.equal(onResult.hovers.length, 1);
  const hover = onResult.hovers[0];
  assert.equal(hover.range.start.line, lineOf(on, 'if (bind('));
  assert.equal(
    on.split('\n')[hover.range.start.line].slice(hover.range.start.character, hover.range.start.character + 4),
    'bind',
  );
  assert.equal(hover.markdown, `Address reuse: **on** for \`fd\` — SO_REUSEADDR set on line ${lineOf(on, 'setsockopt(') + 1}.`);

  const off = await analyzeFixtureText(
    'missing-reuseaddr/tcp_server_no_reuse.c',
    readFixture('missing-reuseaddr/tcp_server_no_reuse.c'),
    EMPTY_CONTEXT,
  );
  assert.match(
    off.hovers[0].markdown,
    /^Address reuse: \*\*off\*\* for `fd` — no `setsockopt\(SO_REUSEADDR\)` before this bind on any path/,
  );

  const member = readFixture('cpp/class_member_reuse.cpp');
  const memberResult = await analyzeFixtureText('cpp/class_member_reuse.cpp', member, EMPTY_CONTEXT);
  const memberHover = memberResult.hovers[0];
  assert.equal(member.split('\n')[memberHover.range.start.line].slice(memberHover.range.start.character).slice(0, 6), '::bind');
  assert.match(memberHover.markdown, /\*\*on\*\* for `fd_` — SO_REUSEADDR set on line \d+ \(in `Server\(\)`\)/);

  const asio = await analyzeFixtureText(
    'asio/acceptor_open_bind_reuse.cpp',
    readFixture('asio/acceptor_open_bind_reuse.cpp'),
    EMPTY_CONTEXT,
  );
  assert.match(asio.hovers[0].markdown, /\*\*on\*\* for `acceptor` — `reuse_address\(true\)` set on line 10/);
});

test('a UDP multicast receiver without reuse is told about a second receiver, not TIME_WAIT (UDP has none)', async () => {
  const { findings, hovers } = await analyzeFixtureText(
    'missing-reuseaddr/udp_multicast_no_reuse.c',
    readFixture('missing-reuseaddr/udp_multicast_no_reuse.c'),
    EMPTY_CONTEXT,
  );
  assert.equal(findings.length, 1);
  assert.doesNotMatch(findings[0].message, /TIME_WAIT|60 s/);
  assert.match(findings[0].message, /second receiver .* EADDRINUSE/);
  assert.ok(
    // The hover adds where reuse was looked for; the message already names the second receiver.
    hovers.some((h) => /\*\*off\*\* .* before this bind/.test(h.markdown) && !/TIME_WAIT/.test(h.markdown)),
    hovers.map((h) => h.markdown).join('\n'),
  );
});

test('a bind whose reuse comes too late from another function says where and through which call', async () => {
  const rel = 'reuseaddr-after-bind/member_reuse_in_later_method.cpp';
  const text = readFixture(rel);
  const result = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
  assert.equal(result.hovers.length, 1);
  assert.equal(
    result.hovers[0].markdown,
    `Address reuse: **off** for \`fd_\` at this bind — it is set on line ${lineOf(text, '::setsockopt(') + 1} ` +
      `(in \`configure()\`, reached from line ${lineOf(text, 's.configure();') + 1}), after the bind, which is too late.`,
  );
});
