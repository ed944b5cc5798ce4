import { ArrowLeftOutlined, CameraOutlined, CloudOutlined, CloudUploadOutlined, DisconnectOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Alert, Badge, Button, Card, Empty, Input, Radio, Space, Spin, Tag, Typography } from "antd";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { MAX_FILE_BYTES } from "@supervision/core/evidence/limits";
import { ApiError } from "../api";
import {
  idbStore,
  loadChecklist,
  newClientId,
  saveChecklist,
  SendError,
  sha256Hex,
  toBase64,
  VisitSync,
  type FileRef,
  type PendingAnswer,
  type SyncState,
  type Transport,
} from "../offline";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { H2, useVisitText, visitApi, type AnswerValue, type Checklist, type ChecklistLine, type ServerAnswer, type Visit } from "./VisitShared";

/** What is kept on the device for the page to open without network. */
interface Cached {
  visit: Visit;
  checklist: Checklist;
}

/** The API's answer as a send error: the network, a server fault or an
 * expired sign-in are tried again later; a refusal (other 4xx) is final. */
function sendError(err: unknown): SendError {
  if (!(err instanceof ApiError)) return new SendError(true, "client", String(err));
  const retry = err.status === 0 || err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500;
  return new SendError(retry, err.code, err.message);
}

const transport: Transport = {
  async uploadFile(visitId, file) {
    try {
      await visitApi.file(visitId, { name: file.name, type: file.type, sha256: file.sha256, contentBase64: await toBase64(file.blob) });
    } catch (err) {
      throw sendError(err);
    }
  },
  async postAnswers(visitId, answers) {
    try {
      return await visitApi.answers(visitId, answers);
    } catch (err) {
      throw sendError(err);
    }
  },
};

/** 现场检查表: the combined checklist on a phone. Opened once online, it keeps
 * working offline: the checklist is cached on the device, answers and files
 * go to IndexedDB and are sent (files first) when the network returns. */
export default function VisitChecklist() {
  const { visitId = "" } = useParams();
  const vt = useVisitText();
  const { me } = useSession();
  const [data, setData] = useState<Cached>();
  const [cachedAt, setCachedAt] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [pending, setPending] = useState<PendingAnswer[]>([]);
  const sync = useMemo(() => new VisitSync(visitId, idbStore, transport), [visitId]);
  const [state, setState] = useState<SyncState>(sync.state);
  const meRef = useRef(me);
  meRef.current = me;

  // Only the newest read is shown: one started before an acknowledgement must not overwrite one started after it.
  const loads = useRef(0);
  const load = useCallback(async () => {
    const n = ++loads.current;
    try {
      const [visit, checklist] = await Promise.all([visitApi.get(visitId), visitApi.checklist(visitId)]);
      if (n !== loads.current) return;
      setData({ visit, checklist });
      setCachedAt(undefined);
      setError(undefined);
      await saveChecklist<Cached>(visitId, { visit, checklist }).catch(() => undefined);
    } catch (err) {
      if (n !== loads.current) return;
      const e = err instanceof ApiError ? err : new ApiError(0, "client", String(err));
      // No network (or the server is down): the copy saved when it was last opened.
      if (e.status === 0 || e.status >= 500) {
        const cached = await loadChecklist<Cached>(visitId).catch(() => undefined);
        if (cached) {
          setData((d) => d ?? cached.data);
          setCachedAt(cached.savedAt);
          return;
        }
      }
      setError(e);
    }
  }, [visitId]);

  const refreshPending = useCallback(async () => setPending(await sync.pendingAnswers()), [sync]);

  useEffect(() => {
    void load();
    const offState = sync.subscribe((s) => {
      setState(s);
      void refreshPending();
    });
    // Acknowledged answers show as sent at once (also offline afterwards); the server's copy follows.
    const offAck = sync.onAcknowledged((answers) => {
      const by = { id: meRef.current?.id ?? "", name: meRef.current?.name ?? "" };
      const at = new Date().toISOString();
      setData((d) => {
        if (!d) return d;
        const next: Cached = {
          ...d,
          checklist: {
            lines: d.checklist.lines.map((l) => {
              const a = answers.filter((x) => x.lineId === l.lineId).at(-1);
              return a ? { ...l, answer: { value: a.value, note: a.note, files: a.files, by, at, clientId: a.clientId } } : l;
            }),
          },
        };
        void saveChecklist(visitId, next).catch(() => undefined);
        return next;
      });
      // The server's copy (who answered, when) replaces the local one.
      void load();
    });
    const onOnline = () => void load();
    window.addEventListener("online", onOnline);
    sync.start();
    return () => {
      offState();
      offAck();
      window.removeEventListener("online", onOnline);
      sync.stop();
    };
  }, [sync, load, refreshPending, visitId]);

  const localByLine = useMemo(() => {
    const m = new Map<string, PendingAnswer>();
    for (const a of [...pending].sort((x, y) => x.capturedAt.localeCompare(y.capturedAt))) m.set(a.lineId, a);
    return m;
  }, [pending]);

  const groups = useMemo(() => {
    const out: { bodyId: string; bodyName: string; lines: ChecklistLine[] }[] = [];
    for (const l of data?.checklist.lines ?? []) {
      const g = out.find((x) => x.bodyId === l.bodyId);
      if (g) g.lines.push(l);
      else out.push({ bodyId: l.bodyId, bodyName: l.bodyName, lines: [l] });
    }
    return out;
  }, [data]);

  const record = useCallback(
    async (line: ChecklistLine, input: { value: AnswerValue; note?: string; files: FileRef[] }) => {
      await sync.record({ clientId: newClientId(), lineId: line.lineId, value: input.value, note: input.note?.trim() || undefined, files: input.files, capturedAt: new Date().toISOString() });
      await refreshPending();
    },
    [sync, refreshPending],
  );

  const rejected = pending.filter((a) => a.state === "rejected");
  return (
    <div className="visit-checklist" style={{ maxWidth: 760 }}>
      <div style={{ marginBottom: 8 }}>
        <Link to={`/visits/${visitId}`}>
          <ArrowLeftOutlined aria-hidden /> {vt("cl.back")}
        </Link>
      </div>
      <PageTitle>{vt("cl.title")}</PageTitle>
      {data && (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          <Typography.Text strong>{data.visit.entityName}</Typography.Text>
          <Typography.Text type="secondary"> · {data.visit.window.from === data.visit.window.to ? data.visit.window.from : `${data.visit.window.from} ~ ${data.visit.window.to}`}</Typography.Text>
        </Typography.Paragraph>
      )}
      <SyncBar state={state} onSend={() => void sync.flush()} />
      <Typography.Paragraph type="secondary">{vt("cl.intro")}</Typography.Paragraph>
      {cachedAt && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={vt("cl.cached", { at: formatTime(cachedAt, "YYYY-MM-DD HH:mm") })} data-testid="checklist-cached" />}
      {error && !data && (error.status === 0 ? <Alert type="warning" showIcon role="alert" message={vt("cl.noCache")} /> : <ErrorAlert error={error} onRetry={() => void load()} />)}
      {rejected.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          message={vt("cl.rejectedCount", { count: rejected.length })}
          description={
            <ul style={{ paddingLeft: 16, margin: 0 }}>
              {rejected.map((a) => (
                <li key={a.clientId}>
                  {data?.checklist.lines.find((l) => l.lineId === a.lineId)?.content ?? a.lineId}：{a.error?.message}{" "}
                  <Button size="small" onClick={() => void sync.discard(a.clientId).then(refreshPending)}>
                    {vt("cl.discard")}
                  </Button>
                </li>
              ))}
            </ul>
          }
        />
      )}
      {!data && !error && (
        <div style={{ textAlign: "center", padding: 32 }}>
          <Spin />
        </div>
      )}
      {data && groups.length === 0 && <Empty description={vt("cl.empty")} />}
      {groups.map((g) => (
        <section key={g.bodyId} aria-labelledby={`body-${g.bodyId}`} style={{ marginBottom: 16 }}>
          <Card
            size="small"
            title={
              <h2 id={`body-${g.bodyId}`} style={H2}>
                {g.bodyName}
              </h2>
            }
            extra={<Typography.Text type="secondary">{vt("cl.lines", { count: g.lines.length })}</Typography.Text>}
            styles={{ body: { padding: 0 } }}
          >
            {g.lines.map((l) => (
              <LineEditor key={l.lineId} visitId={visitId} line={l} server={l.answer} local={localByLine.get(l.lineId)} sync={sync} onRecord={record} />
            ))}
          </Card>
        </section>
      ))}
    </div>
  );
}

/** 离线/在线, the count waiting to send and a button to send now; kept in view at the top while scrolling. */
function SyncBar({ state, onSend }: { state: SyncState; onSend(): void }) {
  const vt = useVisitText();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!state.retryAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [state.retryAt]);
  const seconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
  return (
    <div className="visit-sync-bar" role="status" aria-live="polite" data-testid="sync-bar" style={{ position: "sticky", top: 0, zIndex: 5, background: "#fff", padding: "8px 0", marginBottom: 8, borderBottom: "1px solid #f0f0f0" }}>
      <Space size={[8, 8]} wrap>
        {state.online ? (
          <Tag color="green" icon={<CloudOutlined aria-hidden />} data-testid="network-state">
            {vt("cl.online")}
          </Tag>
        ) : (
          <Tag color="orange" icon={<DisconnectOutlined aria-hidden />} data-testid="network-state">
            {vt("cl.offline")}
          </Tag>
        )}
        <span data-testid="pending-count" data-count={state.pending}>
          {state.pending > 0 ? (
            <Space size={4}>
              <Badge count={state.pending} title={vt("cl.pending", { count: state.pending })} style={{ backgroundColor: "#ad4e00" }} />
              <span>{vt("cl.pending", { count: state.pending })}</span>
            </Space>
          ) : (
            <Typography.Text type="secondary">{vt("cl.allSent")}</Typography.Text>
          )}
        </span>
        {state.sending && <Typography.Text>{vt("cl.sending")}</Typography.Text>}
        {!state.sending && state.retryAt && state.online && <Typography.Text type="warning">{vt("cl.retryAt", { seconds })}</Typography.Text>}
        {state.pending > 0 && state.online && !state.sending && (
          <Button size="small" icon={<CloudUploadOutlined aria-hidden />} onClick={onSend}>
            {vt("cl.sendNow")}
          </Button>
        )}
      </Space>
    </div>
  );
}

interface LineProps {
  visitId: string;
  line: ChecklistLine;
  server?: ServerAnswer;
  local?: PendingAnswer;
  sync: VisitSync;
  onRecord(line: ChecklistLine, input: { value: AnswerValue; note?: string; files: FileRef[] }): Promise<void>;
}

/** One line: yes / no / not applicable, a note, photos and files (each hashed when captured). */
function LineEditor({ line, server, local, sync, onRecord }: LineProps) {
  const vt = useVisitText();
  const shown = local ?? server;
  const [note, setNote] = useState(shown?.note ?? "");
  const [editing, setEditing] = useState(false);
  // Files captured before a value was chosen wait here until the line is answered.
  const [loose, setLoose] = useState<FileRef[]>([]);
  const [busy, setBusy] = useState<string>();
  const [fileError, setFileError] = useState<string>();
  const photoRef = useRef<HTMLInputElement>(null);
  const docRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const item = `${line.itemName} · ${line.content}`;

  useEffect(() => {
    if (!editing) setNote(shown?.note ?? "");
  }, [shown?.note, editing]);

  const value = shown?.value;
  const files = [...(shown?.files ?? []), ...loose.filter((f) => !(shown?.files ?? []).some((x) => x.sha256 === f.sha256))];

  async function capture(list: FileList | null) {
    if (!list?.length) return;
    setFileError(undefined);
    setBusy(vt("cl.hashing"));
    try {
      const added: FileRef[] = [];
      for (const file of Array.from(list)) {
        if (file.size > MAX_FILE_BYTES) {
          setFileError(vt("cl.tooLarge"));
          continue;
        }
        // Hashed now, on the device: the hash travels with the file and the answer.
        const sha256 = await sha256Hex(file);
        const ref: FileRef = { sha256, name: file.name, size: file.size, type: file.type || "application/octet-stream" };
        await sync.keepFile({ ...ref, blob: file });
        added.push(ref);
      }
      if (added.length === 0) return;
      const all = [...files, ...added.filter((a) => !files.some((f) => f.sha256 === a.sha256))];
      if (value) await onRecord(line, { value, note, files: all });
      else setLoose(all);
    } catch (err) {
      setFileError(vt("cl.hashFailed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(undefined);
    }
  }

  const status = local
    ? local.state === "rejected"
      ? { color: "red", text: `${vt("cl.rejected")}：${local.error?.message ?? ""}` }
      : { color: "orange", text: vt("cl.local") }
    : server
      ? { color: "green", text: `${vt("cl.sent")} · ${vt("cl.by", { name: server.by.name, at: formatTime(server.at, "MM-DD HH:mm") })}` }
      : undefined;

  return (
    <div className="visit-line" data-testid={`line-${line.lineId}`} data-state={local ? local.state : server ? "sent" : "empty"} style={{ padding: 12, borderTop: "1px solid #f0f0f0" }}>
      <div>
        <Typography.Text strong>{line.itemName}</Typography.Text> <Typography.Text type="secondary">{line.itemCode}</Typography.Text>
      </div>
      <div id={`${ids}-content`} style={{ margin: "4px 0" }}>
        {line.content}
      </div>
      <div>
        <Typography.Text type="secondary">
          {vt("cl.method")}：{line.method}
        </Typography.Text>
      </div>
      <Radio.Group
        style={{ marginTop: 8 }}
        optionType="button"
        buttonStyle="solid"
        // antd passes role through (pickAttrs with aria) but its props do not declare it.
        {...({ role: "radiogroup" } as object)}
        aria-label={vt("cl.answerLabel", { item })}
        value={value}
        onChange={(e) => {
          const next = e.target.value as AnswerValue;
          void onRecord(line, { value: next, note, files }).then(() => setLoose([]));
        }}
        options={[
          { value: "yes", label: vt("cl.yes") },
          { value: "no", label: vt("cl.no") },
          { value: "na", label: vt("cl.na") },
        ]}
      />
      <Input.TextArea
        style={{ marginTop: 8 }}
        rows={2}
        maxLength={500}
        placeholder={vt("cl.note")}
        aria-label={vt("cl.noteLabel", { item })}
        value={note}
        onFocus={() => setEditing(true)}
        onChange={(e) => setNote(e.target.value)}
        onBlur={() => {
          setEditing(false);
          if (value && note.trim() !== (shown?.note ?? "").trim()) void onRecord(line, { value, note, files });
        }}
      />
      <Space size={[8, 8]} wrap style={{ marginTop: 8 }}>
        <input
          ref={photoRef}
          type="file"
          accept="image/*"
          capture="environment"
          // Opened by the button beside it (display:none keeps it out of the tab order and the accessibility tree).
          style={{ display: "none" }}
          data-testid="photo-input"
          onChange={(e) => {
            void capture(e.target.files);
            e.target.value = "";
          }}
        />
        <input
          ref={docRef}
          type="file"
          accept="image/*,application/pdf"
          multiple
          style={{ display: "none" }}
          data-testid="document-input"
          onChange={(e) => {
            void capture(e.target.files);
            e.target.value = "";
          }}
        />
        <Button size="small" icon={<CameraOutlined aria-hidden />} onClick={() => photoRef.current?.click()} aria-label={vt("cl.photoLabel", { item })}>
          {vt("cl.photo")}
        </Button>
        <Button size="small" icon={<PaperClipOutlined aria-hidden />} onClick={() => docRef.current?.click()} aria-label={vt("cl.documentLabel", { item })}>
          {vt("cl.document")}
        </Button>
        {busy && <Typography.Text type="secondary">{busy}</Typography.Text>}
      </Space>
      {fileError && <Alert type="error" showIcon message={fileError} style={{ marginTop: 8 }} />}
      {files.length > 0 && (
        <ul style={{ listStyle: "none", padding: 0, margin: "8px 0 0" }} data-testid="line-files">
          {files.map((f) => (
            <li key={f.sha256} style={{ wordBreak: "break-all" }}>
              <PaperClipOutlined aria-hidden /> {f.name}{" "}
              <Typography.Text type="secondary" data-testid="file-hash" data-sha256={f.sha256}>
                {vt("cl.hash", { hash: f.sha256.slice(0, 16) })}…
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
      {status && (
        <div style={{ marginTop: 8 }}>
          <Tag bordered={false} color={status.color} data-testid="line-status">
            {status.text}
          </Tag>
        </div>
      )}
    </div>
  );
}
