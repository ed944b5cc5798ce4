import { CalendarOutlined, DeleteOutlined, DownloadOutlined, PaperClipOutlined, ReloadOutlined, WarningOutlined } from "@ant-design/icons";
import { Alert, Button, Space, Tag, Tooltip, Typography, type FormInstance } from "antd";
import { Link } from "react-router-dom";
import dayjs from "dayjs";
import type { InferResponseType } from "hono/client";
import { useId, useState } from "react";
// Pure rules (no I/O): the kinds of request and their default clocks.
import { answerDeadline, type RequestType } from "@supervision/core/assistance/rules";
// Plain data: the standard department types and their names.
import { DepartmentTypes } from "@supervision/core/department/types";
import { ApiError, call, client } from "../api";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as assistanceStrings from "../locales/assistance";
import * as spotcheckStrings from "../locales/spotcheck";
import { useText } from "../charts/text";
import { formatTime, ZONE } from "../time";
import { MAX_FILE_BYTES, MAX_FILE_LABEL } from "@supervision/core/evidence/limits";
import { safeContentType } from "@supervision/core/util/download";
import { EvidencePreview } from "../evidence/EvidencePreview";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof assistanceStrings> | KeyOf<typeof spotcheckStrings>;

/** What the assistance pages share: labels of codes, deadlines in Beijing time, attachments, 409s. */

export type AttachmentRef = InferResponseType<(typeof client.api.assistance.attachments)["$post"], 201>;
export type TenantInfo = InferResponseType<typeof client.api.tenant.all.$get, 200>[number];

export type Status = "received" | "accepted" | "declined" | "answered" | "withdrawn";

export function useLabels() {
  const { t, lang } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  return {
    type: (type: string) => t(`asr.type.${type}` as PageKey),
    status: (status: string) => t(`asr.status.${status}` as PageKey),
    confidentiality: (level: string) => t(`asr.conf.${level}` as PageKey),
    department: (type: string) => {
      const d = DepartmentTypes.find((x) => x.type === type);
      return d ? (lang === "en" ? d.en : d.zh) : type;
    },
    stage: (stage: string) => t(`asr.stage.${stage}` as PageKey),
  };
}

const STATUS_COLOR: Record<Status, string> = { received: "gold", accepted: "blue", declined: "red", answered: "green", withdrawn: "default" };

/** The status as text (never colour alone). */
export function StatusTag({ status }: { status: Status }) {
  const labels = useLabels();
  return (
    <Tag color={STATUS_COLOR[status]} bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
      {labels.status(status)}
    </Tag>
  );
}

/** A deadline past the working-day calendar's last year (Policy.beyondCalendar in core): said in words, with why. */
export function BeyondCalendar() {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  return (
    <Tooltip title={t("cal.beyondHelp")}>
      <Tag color="warning" icon={<CalendarOutlined aria-hidden />} style={{ marginInlineStart: 6, color: "rgba(0,0,0,0.88)" }} tabIndex={0} aria-description={t("cal.beyondHelp")} data-testid="beyond-calendar">
        {t("cal.beyond")}
      </Tag>
    </Tooltip>
  );
}

/** Whether the messages about a request reached the other side: "sent" (nothing reported stalled) or stalled with the error. */
export function DeliveryState({ delivery, canSeeOutbox }: { delivery?: { state: "stalled"; attempts: number; error: string; stalledAt: string; type: string; messageId: string }; canSeeOutbox: boolean }) {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  if (!delivery) {
    return (
      <span data-testid="delivery">
        <Tag color="success" bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
          {t("dlv.sent")}
        </Tag>
        <Typography.Text type="secondary">{t("dlv.sentHelp")}</Typography.Text>
      </span>
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="delivery"
      message={t("dlv.stalled")}
      description={
        <>
          <div>{t("dlv.stalledHelp", { attempts: delivery.attempts, at: formatTime(delivery.stalledAt, "YYYY-MM-DD HH:mm") })}</div>
          <div style={{ wordBreak: "break-word" }}>{t("dlv.error", { error: delivery.error })}</div>
        </>
      }
      action={canSeeOutbox ? <Link to="/outbox">{t("dlv.goOutbox")}</Link> : undefined}
    />
  );
}

export function OverdueTag() {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  return (
    <Tag color="error" icon={<WarningOutlined aria-hidden />} data-testid="overdue">
      {t("asr.overdue")}
    </Tag>
  );
}

/** A deadline at the end of a Beijing day reads "YYYY-MM-DD 24:00"; any other instant as it is. */
export function formatDue(iso: string | undefined | null): string {
  if (!iso) return "";
  const d = dayjs(iso).tz(ZONE);
  if (d.hour() === 0 && d.minute() === 0 && d.second() === 0) return `${d.subtract(1, "day").format("YYYY-MM-DD")} 24:00`;
  return formatTime(iso, "YYYY-MM-DD HH:mm");
}

/** The end (24:00, Beijing time) of the day a date picker chose. */
export function endOfBeijingDay(date: dayjs.Dayjs): string {
  return dayjs.tz(date.format("YYYY-MM-DD"), ZONE).add(1, "day").toISOString();
}

/** The Beijing date (YYYY-MM-DD) a deadline at 24:00 belongs to. */
export function dueDate(iso: string): string {
  return dayjs(iso).tz(ZONE).subtract(1, "millisecond").format("YYYY-MM-DD");
}

/** The rule's deadline for a kind of request sent now (the sender may only shorten it). */
export function defaultDeadline(type: RequestType): { dueAt: string; ackDueAt: string } {
  const clocks = answerDeadline(type, new Date().toISOString());
  if ("error" in clocks) throw new Error(clocks.error);
  return clocks;
}

/** Every tenant (for pickers), once per page. */
export function useTenants() {
  return useLoad(() => call(client.api.tenant.all.$get()), []);
}

export function tenantLabel(t: TenantInfo, lang: string) {
  return lang === "en" ? `${t.name} (${t.id})` : `${t.name}（${t.id}）`;
}

/** The tenants below `root`, at any depth. */
export function descendantsOf(tenants: TenantInfo[], root: string): TenantInfo[] {
  const out: TenantInfo[] = [];
  const walk = (parent: string) => {
    for (const c of tenants.filter((x) => x.parentId === parent)) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(root);
  return out;
}

/** Put the API's field errors on the form; return what no field took (shown above the form). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function applyApiErrors(form: FormInstance<any>, err: ApiError, fields: string[], codeFields: Record<string, string> = {}): string | undefined {
  const fieldOf = (path: string) => fields.find((f) => f === path.split(".")[0]);
  const own = err.details.filter((d) => fieldOf(d.field));
  const byField = new Map<string, string[]>();
  for (const d of own) byField.set(fieldOf(d.field)!, [...(byField.get(fieldOf(d.field)!) ?? []), d.message]);
  const codeField = codeFields[err.code];
  if (codeField) byField.set(codeField, [...(byField.get(codeField) ?? []), err.message]);
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (codeField) return undefined;
  const rest = err.details.filter((d) => !fieldOf(d.field));
  if (own.length > 0 && rest.length === 0) return undefined;
  return [err.message, ...rest.map((d) => `${d.field}: ${d.message}`)].join("；");
}

/** "Choose one" for a Select: a validator, not `required`, which makes antd put aria-required on the Select's wrapper div (an axe violation). */
export function mustChoose(message: string) {
  return { validator: (_: unknown, v: unknown) => (v === undefined || v === null || v === "" ? Promise.reject(new Error(message)) : Promise.resolve()) };
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, "client", String(err));
}

/** A 409: someone changed the record meanwhile (or its state no longer allows the action); reload to go on. */
/** A conflict (someone acted first) shown above a list: `alert` is the
 * warning, or nothing; its button hides it and reloads the list. */
export function useConflict(reload: () => void) {
  const [conflict, setConflict] = useState<ApiError>();
  const alert = conflict ? (
    <ConflictAlert
      error={conflict}
      onReload={() => {
        setConflict(undefined);
        reload();
      }}
    />
  ) : null;
  return { alert, show: setConflict };
}

export function ConflictAlert({ error, onReload }: { error: ApiError; onReload(): void }) {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  const generic = error.code === "request.conflict";
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="conflict"
      style={{ marginBottom: 16 }}
      message={t("asr.conflict")}
      description={generic ? undefined : error.message}
      action={
        <Button icon={<ReloadOutlined aria-hidden />} onClick={onReload}>
          {t("common.refresh")}
        </Button>
      }
    />
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}

/** A form control: pick files, each is uploaded at once (stored by content hash) and listed; `value` holds the references. */
export function AttachmentsField(props: { id?: string; value?: AttachmentRef[]; onChange?(v: AttachmentRef[]): void; disabled?: boolean }) {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  const hint = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const value = props.value ?? [];

  async function add(files: FileList | null) {
    if (!files?.length) return;
    setBusy(true);
    setError(undefined);
    const next = [...value];
    try {
      for (const file of Array.from(files)) {
        // The server's own limit (evidence/limits.ts), checked before reading the file.
        if (file.size > MAX_FILE_BYTES) throw new Error(tx("evidence.tooLarge", { name: file.name, limit: MAX_FILE_LABEL }));
        const data = await readBase64(file);
        const ref = await call(client.api.assistance.attachments.$post({ json: { name: file.name, contentType: file.type || "application/octet-stream", data } }));
        if (!next.some((r) => r.hash === ref.hash)) next.push(ref);
      }
    } catch (err) {
      setError(`${t("asr.attachUploadFailed")}：${toApiError(err).message}`);
    } finally {
      props.onChange?.(next);
      setBusy(false);
    }
  }

  return (
    <div>
      <input
        id={props.id}
        type="file"
        multiple
        disabled={props.disabled || busy}
        aria-describedby={hint}
        data-testid="attachments-input"
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = "";
        }}
      />
      <div id={hint}>
        <Typography.Text type="secondary">{busy ? t("asr.attachUploading") : tx("evidence.hint", { limit: MAX_FILE_LABEL })}</Typography.Text>
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
      {value.length > 0 && (
        <ul className="attachment-list" style={{ listStyle: "none", padding: 0, margin: "8px 0 0" }}>
          {value.map((r) => (
            <li key={r.hash}>
              <Space>
                <PaperClipOutlined aria-hidden />
                <span>{r.name}</span>
                <Typography.Text type="secondary">{formatSize(r.size)}</Typography.Text>
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={t("asr.attachRemove", { name: r.name })}
                  onClick={() => props.onChange?.(value.filter((x) => x.hash !== r.hash))}
                />
              </Space>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function formatSize(bytes: number) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** Attachments this tenant may read, each downloaded with the session's token. */
export function AttachmentLinks({ refs }: { refs: AttachmentRef[] | undefined }) {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const tx = useText();
  const [error, setError] = useState<string>();
  if (!refs?.length) return <Typography.Text type="secondary">{t("common.none")}</Typography.Text>;
  async function download(r: AttachmentRef) {
    setError(undefined);
    try {
      const res = await client.api.assistance.attachments.$get({ query: { hash: r.hash } });
      if (!res.ok) throw new ApiError(res.status, `http.${res.status}`, `HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = r.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(toApiError(err).message);
    }
  }
  return (
    <div>
      <Space wrap>
        {refs.map((r) => (
          <Space key={r.hash} size={4}>
            <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={() => void download(r)} aria-label={t("asr.attachDownload", { name: r.name })}>
              {r.name}（{formatSize(r.size)}）
            </Button>
            {safeContentType(r.contentType).inline && <EvidencePreview path={`/api/assistance/attachments?hash=${r.hash}`} name={r.name} hash={r.hash} contentType={r.contentType} />}
          </Space>
        ))}
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </div>
  );
}
