// The words a C or C++ text puts before `(` that open no call: statements, operators and
// attributes. The textual scans that look for calls without a tree (the editor's function index,
// the workspace pass's call-name hashes) leave them out.
export const NOT_CALL_WORDS: readonly string[] = [
  'if',
  'for',
  'while',
  'switch',
  'return',
  'sizeof',
  'defined',
  'alignof',
  'typeof',
  'decltype',
  '__attribute__',
];
