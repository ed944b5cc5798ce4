/** What a queue body may hold. SQS accepts only the XML character set
 * (#x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF); the local
 * emulator (fauxqs) checks UTF-16 units and so also refuses everything beyond
 * U+FFFF (𠮷, emoji). Bodies are JSON, and every such character can only sit
 * inside a JSON string, so it travels as a JSON `\uXXXX` escape: the body is
 * plain ASCII-safe text for any queue, and `JSON.parse` on the consumer side
 * gives back exactly the committed value (no flag or decoding step needed,
 * and an older consumer reads it unchanged). */
const UNSAFE = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/g;

export function encodeBody(json: string): string {
  return json.replace(UNSAFE, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** A message attribute is not JSON: characters a queue cannot take are
 * replaced (attributes carry only diagnostics such as a dead letter's reason). */
export function safeAttribute(text: string, max = 1000): string {
  return [...text].slice(0, max).join("").replace(UNSAFE, "\uFFFD");
}

/** SQS's largest body (256 KiB, the limit the platform keeps to whatever the
 * account's queue allows): a larger one can never be sent. */
export const MAX_BODY_BYTES = 256 * 1024;

export function bodyBytes(body: string): number {
  return Buffer.byteLength(body, "utf8");
}
