// web-tree-sitter moves every node into and out of wasm memory through its Emscripten module's
// setValue()/getValue() (five 32-bit values each way, for every property read of a node). Those
// are generic: a switch on a type string and a DataView call per value, a fifth of what the rules
// spent in the tree API. On a little-endian host the 32-bit ones can go straight to the module's
// HEAP32, which holds the same bytes; every other type keeps the original function.

export interface HeapModule {
  HEAP32?: Int32Array;
  setValue?: (ptr: number, value: number, type?: string) => void;
  getValue?: (ptr: number, type?: string) => number | bigint;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Replaces `module`'s setValue/getValue with versions that read and write 'i32' through HEAP32.
 * Returns false (and changes nothing) where that would not give the same bytes, or when the
 * module does not look like the one this was written for.
 */
export function useDirectI32Access(module: HeapModule): boolean {
  const { setValue, getValue } = module;
  if (!LITTLE_ENDIAN || typeof setValue !== 'function' || typeof getValue !== 'function') return false;
  if (!(module.HEAP32 instanceof Int32Array)) return false;
  // Growing the memory detaches the old buffer (its views read as empty) and the module sets a
  // new HEAP32: the view is fetched again only then.
  let heap = module.HEAP32;
  const view = () => (heap.length !== 0 ? heap : (heap = module.HEAP32!));
  module.setValue = (ptr, value, type = 'i8') => {
    if (type === 'i32') view()[ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
  module.getValue = (ptr, type = 'i8') => (type === 'i32' ? view()[ptr >> 2] : getValue(ptr, type));
  return true;
}
