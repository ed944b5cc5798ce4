import { VisibleError } from "@supervision/core/error";
import { Visit } from "@supervision/core/visit/index";
import type { Context } from "hono";

/** The client's address: API Gateway's source IP in the cloud (the hono/aws-lambda event), the socket's
 * locally (@hono/node-server); a client-sent X-Forwarded-For is used only when neither is known. */
export function clientOf(c: Context): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? c.req.header("x-forwarded-for")?.split(",").pop()?.trim() ?? "unknown";
}

/** A simple rate limit on public POSTs (per client and route, fixed window in DynamoDB with TTL; Visit.admit):
 * call inside the tenant's public context; past the limit a 429 (zh/en message) with Retry-After. */
export async function admitPublic(c: Context, route: string): Promise<void> {
  try {
    await Visit.admit(route, clientOf(c));
  } catch (err) {
    // Raised here, answered by the app's error handler (zh/en message), with the header on that response.
    if (err instanceof VisibleError && err.status === 429) throw new RateLimited(err, String(err.params.seconds));
    throw err;
  }
}

/** The 429 and the seconds for its Retry-After (errors.ts copies the header onto the response). */
export class RateLimited extends VisibleError {
  constructor(
    err: VisibleError,
    readonly retryAfter: string,
  ) {
    super(err.code, err.params, err.status, err.details);
  }
}
