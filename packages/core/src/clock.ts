import { maybeContext } from "./context";

/** The one clock core reads "now" from: the request context's clock if it
 * has one, else the platform clock, which tests and the local demo move
 * forward (deadlines are the heart of the platform) without touching the OS. */
let offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? 0) || 0;

export const Clock = {
  now(): Date {
    const override = maybeContext()?.now;
    return override ? override() : new Date(Date.now() + offsetMs);
  },
  nowMs(): number {
    return Clock.now().getTime();
  },
  iso(): string {
    return Clock.now().toISOString();
  },
  advance(ms: number) {
    offsetMs += ms;
  },
  reset() {
    offsetMs = 0;
  },
};

const shanghai = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** Format an instant in Asia/Shanghai, e.g. 2026-11-27 16:30:00. */
export function formatShanghai(date: Date | string): string {
  const parts = Object.fromEntries(shanghai.formatToParts(new Date(date)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
