/** How large one evidence file or attachment may be, shown on screen and
 * enforced by the server from this one constant (issue 15 Found 6: a 1.2 MB
 * scan must fit). 4 MB of bytes is about 5.4 MB as base64 in the JSON upload,
 * under the 6 MB a Lambda request may carry. Pure: the portal imports it. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_FILE_LABEL = "4 MB";

/** The bytes of one stored part: 256 KB is about 342 KB as base64, under
 * DynamoDB's 400 KB item limit with room for the keys. */
export const PART_BYTES = 256 * 1024;
