// One way to read a request body, for every transport (REST JSON, import, both MCP
// paths): streamed with a byte cap. A body sent without Content-Length (chunked) is
// never buffered past the cap — reading stops and BodyTooLargeError is thrown, which
// each transport renders as 413.
import { BodyTooLargeError } from "../errors";

/** The body's bytes as UTF-8 text, at most `maxBytes` of them read. */
export async function readBodyText(request: Request, maxBytes: number, tooLargeMessage?: string): Promise<string> {
  const tooLarge = () => new BodyTooLargeError(maxBytes, tooLargeMessage);
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: the rest of the stream is never pulled into memory.
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  // TextDecoder drops a leading byte-order mark, as request.text() does.
  return new TextDecoder().decode(Buffer.concat(chunks));
}
