import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time on the platform is shown in China Standard Time, whatever the browser's zone. */
export const ZONE = "Asia/Shanghai";

export function formatTime(iso: string | undefined | null, pattern = "YYYY-MM-DD HH:mm:ss"): string {
  if (!iso) return "";
  const d = dayjs(iso);
  return d.isValid() ? d.tz(ZONE).format(pattern) : iso;
}
