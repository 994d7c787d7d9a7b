// Where a byte string stops being UTF-8, for errors that name the offending byte and its line.

/**
 * Where UTF-8 decoding first fails: past the longest prefix that decodes (a character cut short is
 * fine while streaming), or at the lead byte of the character it cut short (Latin-1's "é " is E9 20).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const decodes = (length: number, stream = true) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(middle)) good = middle;
    else bad = middle;
  }
  if (decodes(good, false)) return good;
  let lead = good - 1;
  while (lead > 0 && bytes[lead]! >= 0x80 && bytes[lead]! < 0xc0) lead--;
  return lead;
}
