// A deterministic C corpus for the analyzer benchmarks: many files of ordinary C (data
// structures, string handling, arithmetic) and a few socket servers, as in a real tree where
// most files never touch a socket. Seeded, so every run measures the same bytes.

function rng(seed: number): () => number {
  // mulberry32: tiny, fast, good enough to vary identifiers and sizes.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ordinaryFunction(name: string, r: () => number): string {
  const n = 3 + Math.floor(r() * 8);
  const body: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 4)) {
      case 0:
        body.push(
          `  for (size_t i${i} = 0; i${i} < len; i${i}++) {\n    if (buf[i${i}] == '${String.fromCharCode(97 + i)}') count += ${i + 1};\n    else if (buf[i${i}] > 'z') count -= 1;\n  }`,
        );
        break;
      case 1:
        body.push(
          `  struct node *n${i} = malloc(sizeof *n${i});\n  if (!n${i}) return -1;\n  n${i}->value = count * ${i + 2};\n  n${i}->next = head;\n  head = n${i};`,
        );
        break;
      case 2:
        body.push(
          `  switch (count % ${i + 3}) {\n  case 0: count += strlen(buf); break;\n  case 1: count = count * 31 + ${i}; break;\n  default: count ^= 0x${((i * 2654435761) >>> 0).toString(16)};\n  }`,
        );
        break;
      default:
        body.push(
          `  /* step ${i}: normalise the ${name} buffer */\n  memmove(buf, buf + 1, len > 0 ? len - 1 : 0);\n  snprintf(out, sizeof out, "%s-%d", "${name}", count);`,
        );
    }
  }
  return `static long ${name}(char *buf, size_t len) {\n  long count = 0;\n  char out[64];\n  struct node *head = NULL;\n${body.join('\n')}\n  while (head) { struct node *next = head->next; free(head); head = next; }\n  return count + (long)strlen(out);\n}\n`;
}

const PRELUDE =
  '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nstruct node { long value; struct node *next; };\n\n';

export function serverFunction(name: string, port: number, withReuse: boolean): string {
  const reuse = withReuse
    ? `  int on = 1;\n  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {\n    perror("setsockopt");\n    return -1;\n  }\n`
    : '';
  return `static int ${name}(void) {\n  int fd = socket(AF_INET, SOCK_STREAM, 0);\n  if (fd < 0) {\n    perror("socket");\n    return -1;\n  }\n${reuse}  struct sockaddr_in addr;\n  memset(&addr, 0, sizeof addr);\n  addr.sin_family = AF_INET;\n  addr.sin_port = htons(${port});\n  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {\n    perror("bind");\n    return -1;\n  }\n  if (listen(fd, 16) < 0) {\n    perror("listen");\n    return -1;\n  }\n  return fd;\n}\n`;
}

const SOCKET_PRELUDE = '#include <netinet/in.h>\n#include <sys/socket.h>\n';

/** `files` C sources; one in `socketEvery` holds two servers (one without reuse). */
export function cCorpus(files = 400, socketEvery = 10, seed = 42): string[] {
  const r = rng(seed);
  const corpus: string[] = [];
  for (let f = 0; f < files; f++) {
    const parts = [f % socketEvery === 0 ? SOCKET_PRELUDE + PRELUDE : PRELUDE];
    const functions = 6 + Math.floor(r() * 10);
    for (let i = 0; i < functions; i++) parts.push(ordinaryFunction(`f${f}_${i}`, r));
    if (f % socketEvery === 0)
      parts.push(serverFunction(`serve_a${f}`, 40000 + f, false), serverFunction(`serve_b${f}`, 41000 + f, true));
    corpus.push(parts.join('\n'));
  }
  return corpus;
}

/** A single file of about `lines` lines: ordinary code with a server every few functions. */
export function bigCFile(lines = 10_000, seed = 7): string {
  const r = rng(seed);
  const parts = [SOCKET_PRELUDE + PRELUDE];
  let count = 0;
  let i = 0;
  while (count < lines) {
    const chunk = i % 8 === 0 ? serverFunction(`serve_${i}`, 30000 + i, i % 16 === 0) : ordinaryFunction(`g_${i}`, r);
    parts.push(chunk);
    count += chunk.split('\n').length;
    i++;
  }
  return parts.join('\n');
}
