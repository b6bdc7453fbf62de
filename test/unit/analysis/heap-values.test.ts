// The direct 32-bit access to web-tree-sitter's wasm memory (src/analysis/heap-values.ts): the
// same bytes as the module's own setValue/getValue, other types left to them, and the live memory
// used after it grew (the old view is detached then).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useDirectI32Access, type HeapModule } from '../../../src/analysis/heap-values';
import { ParserService, wasmHeapBytes } from '../../../src/analysis/parser';

// The global WebAssembly object (this project's TypeScript libs do not declare it).
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
};

/** A module shaped like Emscripten's: setValue/getValue through a DataView, growable memory. */
function emscriptenLike(pages = 1) {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 64 });
  const module: HeapModule & { grow(pages: number): void; other: string[] } = {
    HEAP32: new Int32Array(memory.buffer),
    other: [],
    setValue(ptr, value, type = 'i8') {
      if (type === 'i32') new DataView(memory.buffer).setInt32(ptr, value, true);
      else module.other.push(`set ${type}`);
    },
    getValue(ptr, type = 'i8') {
      if (type === 'i32') return new DataView(memory.buffer).getInt32(ptr, true);
      module.other.push(`get ${type}`);
      return 0;
    },
    grow(more) {
      memory.grow(more);
      module.HEAP32 = new Int32Array(memory.buffer);
    },
  };
  return module;
}

test('i32 values written directly are the bytes the original reads, and the reverse', () => {
  const module = emscriptenLike();
  const { setValue: originalSet, getValue: originalGet } = module;
  assert.equal(useDirectI32Access(module), true);
  for (const [ptr, value] of [
    [0, 1],
    [8, -1],
    [16, 0x7fffffff],
    [20, -0x80000000],
    [1024, 123456789],
  ]) {
    module.setValue!(ptr, value, 'i32');
    assert.equal(originalGet!(ptr, 'i32'), value);
    originalSet!(ptr + 4, ~value, 'i32');
    assert.equal(module.getValue!(ptr + 4, 'i32'), ~value);
  }
});

test('other types go to the original functions', () => {
  const module = emscriptenLike();
  useDirectI32Access(module);
  module.setValue!(0, 1, 'i16');
  module.getValue!(0, 'i8');
  module.getValue!(0);
  assert.deepEqual(module.other, ['set i16', 'get i8', 'get i8']);
});

test('after the memory grows, values go to the new memory', () => {
  const module = emscriptenLike();
  const originalGet = module.getValue!;
  useDirectI32Access(module);
  module.setValue!(64, 7, 'i32'); // the first view is in use
  module.grow(2);
  const high = 2 * 65536 + 12; // only in the grown memory
  module.setValue!(high, 42, 'i32');
  assert.equal(originalGet(high, 'i32'), 42);
  assert.equal(module.getValue!(64, 'i32'), 7);
});

test('a module without HEAP32 or the functions is left as it is', () => {
  const bare: HeapModule = { setValue: () => {}, getValue: () => 0 };
  const { setValue, getValue } = bare;
  assert.equal(useDirectI32Access(bare), false);
  assert.equal(bare.setValue, setValue);
  assert.equal(bare.getValue, getValue);
  assert.equal(useDirectI32Access({ HEAP32: new Int32Array(4) }), false);
});

test('web-tree-sitter reads the right nodes after its memory grew', async () => {
  const service = await ParserService.create();
  await service.language('c');
  const before = wasmHeapBytes();
  // Trees held until the wasm memory grows; the nodes of those parsed before are read after it.
  const functions = 4000;
  const text = Array.from({ length: functions }, (_, i) => `int f${i}(int a) { return bind(a, 0, ${i}); }`).join('\n');
  const trees = [];
  try {
    while (wasmHeapBytes() === before && trees.length < 50) {
      trees.push(service.parseLoaded('c', text));
      assert.equal(trees[trees.length - 1].rootNode.namedChildren.length, functions);
    }
    assert.ok(wasmHeapBytes() > before, `the heap did not grow past ${before} bytes with ${trees.length} trees`);
    for (const tree of trees) {
      const defs = tree.rootNode.namedChildren;
      assert.equal(defs.length, functions);
      const last = defs[functions - 1]!;
      assert.equal(last.type, 'function_definition');
      assert.equal(last.startPosition.row, functions - 1);
      const call = last.descendantsOfType('call_expression')[0]!;
      assert.equal(call.text, `bind(a, 0, ${functions - 1})`);
      assert.equal(call.childForFieldName('function')?.text, 'bind');
    }
  } finally {
    for (const tree of trees) tree.delete();
    service.dispose();
  }
});
