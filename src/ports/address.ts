// Printable IP addresses: IPv6 compressed per RFC 5952, IPv4-mapped IPv6 shown as IPv4
// (a dual-stack socket bound to ::ffff:127.0.0.1 is what people call 127.0.0.1).

/** Formats 16 network-order bytes (IPv6) or 4 (IPv4). */
export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) {
    return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  }
  if (isV4Mapped(bytes)) {
    return `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((bytes[i] << 8) | bytes[i + 1]);
  }
  return formatIPv6Groups(groups);
}

export function isV4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) {
    return false;
  }
  for (let i = 0; i < 10; i++) {
    if (bytes[i] !== 0) {
      return false;
    }
  }
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** RFC 5952: lower case, the longest run (>= 2) of zero groups becomes '::', the first one on ties. */
export function formatIPv6Groups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) {
    return hex.join(':');
  }
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/** Normalises a textual address from lsof/netstat: strips brackets and zone, shows v4-mapped as IPv4. */
export function normaliseAddressText(text: string): string {
  let a = text;
  if (a.startsWith('[') && a.endsWith(']')) {
    a = a.slice(1, -1);
  }
  if (a === '*') {
    return '*';
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) {
    return mapped[1];
  }
  return a.toLowerCase();
}

/** Splits 'ADDR:PORT' / '[ADDR]:PORT' / '*:PORT' at the last colon. */
export function splitHostPort(text: string): { address: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) {
    return undefined;
  }
  const portText = text.slice(colon + 1);
  const port = portText === '*' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return undefined;
  }
  return { address: normaliseAddressText(text.slice(0, colon)), port };
}

export function addressFamily(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}
