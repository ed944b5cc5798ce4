import { parseArgs, type ParseArgsConfig } from "node:util";
import cliProgress from "cli-progress";

/** What the command-line tools share: the command line (usage, --help, exit
 * 2), failing in both languages, a token, the API with the token, and the
 * progress bar. Exit codes: 0 done, 1 the input had errors, 2 bad usage,
 * 3 could not run (each tool says which it uses). */

/** Print the reason, Chinese then English, and exit. */
export function fail(zh: string, en: string, code = 3): never {
  console.error(`错误：${zh}\nError: ${en}`);
  process.exit(code);
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The command line: `--help`/`-h` prints the usage and exits 0; anything `valid` rejects prints it and exits 2. */
export function commandLine<O extends Options>(usage: string, options: O, valid: (positionals: string[], values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>["values"]) => boolean) {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } as O });
  } catch {
    console.error(usage);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  if (!valid(parsed.positionals, parsed.values)) {
    console.error(usage);
    process.exit(2);
  }
  return parsed;
}

/** An access token from the OAuth token endpoint (password or client-credentials grant). */
export async function fetchToken(tokenUrl: string, form: Record<string, string>, exitCode = 3): Promise<string> {
  let res: Response;
  try {
    res = await fetch(tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
  } catch {
    fail(`无法连接认证服务 ${tokenUrl}（本地系统是否已用 npm start 启动？）`, `cannot reach the token endpoint ${tokenUrl} (is npm start running?)`, exitCode);
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token) fail(`获取令牌失败：${body.error_description ?? res.status}`, `could not get a token: ${body.error_description ?? res.status}`, exitCode);
  return body.access_token;
}

export interface ApiResponse {
  status: number;
  // The tools read the API's JSON loosely (their own response shapes).
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Calls to `<apiBase>/api<path>` with the token. `retries`: a 5xx or a dropped connection is tried again (for idempotent calls). */
export function apiClient(apiBase: string, accessToken: string, options: { retries?: number; exitCode?: number } = {}) {
  const attempts = 1 + (options.retries ?? 0);
  return async function api(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${apiBase}/api${path}`, {
          method,
          headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const json = await res.json().catch(() => undefined);
        if (res.status >= 500 && attempt < attempts) continue;
        return { status: res.status, json };
      } catch {
        if (attempt >= attempts) fail(`无法连接 API ${apiBase}`, `cannot reach the API at ${apiBase}`, options.exitCode);
      }
    }
  };
}

/** A progress bar that also prints (once a second) when the output is not a terminal. */
export function progressBar(format: string) {
  return new cliProgress.SingleBar({ format, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 }, cliProgress.Presets.shades_classic);
}
