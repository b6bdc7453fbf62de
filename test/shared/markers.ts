// Expected findings written into fixtures as caret comments under the code they point at
// (the vscode-anycode way):
//     if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
//     //  ^ missing-reuseaddr
// The caret's column is the finding's start column on the nearest code line above
// (several marker lines may stack under one code line).
export interface Marker {
  /** 0-based line and UTF-16 column of the expected finding's start. */
  line: number;
  column: number;
  rule: string;
}

const MARKER_LINE = /^(\s*(?:\/\/|\/\*|#)\s*)(\^)\s+([a-z][a-z0-9-]*)\s*(?:\*\/)?\s*$/;

export function parseMarkers(text: string): Marker[] {
  const lines = text.split(/\r?\n/);
  const markers: Marker[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const match = MARKER_LINE.exec(line);
    if (!match) {
      target = index;
      return;
    }
    if (target < 0) throw new Error(`marker on line ${index + 1} has no code line above it`);
    markers.push({ line: target, column: match[1].length, rule: match[3] });
  });
  return markers;
}

export function markerKey(m: Marker): string {
  return `${m.line + 1}:${m.column + 1} ${m.rule}`;
}
