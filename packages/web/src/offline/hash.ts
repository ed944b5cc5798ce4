/** Hashes and IDs made on the device, so they travel with what was captured
 * (no I/O beyond the browser's own crypto). */

/** SHA-256 of the bytes, lowercase hex (what the visit API checks on upload). */
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data instanceof Uint8Array ? data : new Uint8Array(data);
  if (!globalThis.crypto?.subtle) {
    // SubtleCrypto exists only on https (or localhost): a page served over plain http cannot hash.
    throw new Error("SubtleCrypto unavailable: open the portal over https");
  }
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A random UUID v4 for an answer: the server accepts each one once, so a resend after a lost reply acts once. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Bytes as base64 (the file upload takes JSON), in chunks so a 4 MB photo does not overflow the call stack. */
export async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
