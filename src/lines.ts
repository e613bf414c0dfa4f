/**
 * Input lines for batch mode, read with bounded memory whatever stdin holds: one chunk is read at a time
 * (the next only when the lines of this one are answered, so a fast producer waits instead of filling
 * memory), a line longer than MAX_LINE_BYTES is reported and skipped instead of growing a string until
 * V8 gives up (`< /dev/zero`), and the event loop gets a turn at least every YIELD_MS, so Ctrl-C is
 * handled within a moment even while a large read-ahead is answered.
 */
/** A turn of the event loop (the global setImmediate: node:timers/promises would be one more module to load at every start). */
const nextTurn = () => new Promise<void>((done) => setImmediate(done));

/** Far beyond any question (the longest argument a shell passes is 128 KB), far below memory trouble. */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;
const YIELD_MS = 20;

/** A line's text (without its line break), or the size of a line too long to read. */
export type InputLine = { text: string } | { tooLong: number };

export async function* inputLines(input: AsyncIterable<Buffer | string>, maxBytes: number = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  const decoder = new TextDecoder();
  let parts: Buffer[] = [];
  let size = 0;
  /** Bytes of the current line when it is over the limit (its rest is skipped up to the line break). */
  let skipped = 0;
  let turn = Date.now();
  const line = (): InputLine => {
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1); // CRLF
    return { text: decoder.decode(bytes) };
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl < 0 ? chunk.length : nl;
      if (skipped) skipped += end - from;
      else if (size + end - from > maxBytes) {
        skipped = size + end - from;
        parts = [];
        size = 0;
      } else if (end > from) {
        parts.push(chunk.subarray(from, end));
        size += end - from;
      }
      if (nl < 0) break;
      from = nl + 1;
      yield skipped ? { tooLong: skipped } : line();
      parts = [];
      size = 0;
      skipped = 0;
      if (Date.now() - turn >= YIELD_MS) {
        await nextTurn();
        turn = Date.now();
      }
    }
  }
  if (skipped) yield { tooLong: skipped };
  else if (size) yield line();
}
