import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, EyeOutlined } from "@ant-design/icons";
import { Alert, Button, Modal, Space, Spin, Typography } from "antd";
import { useEffect, useState } from "react";
import { safeContentType } from "@supervision/core/util/download";
import { apiBase, ApiError, session } from "../api";
import { useI18n } from "../i18n";
import { useText } from "../charts/text";

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fetch a stored file with the session's token (the API checks the right and the hash on its side). */
async function fetchFile(path: string): Promise<{ bytes: ArrayBuffer; type: string }> {
  const token = session.token();
  const res = await fetch(`${apiBase.replace(/\/$/, "")}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(res.status, body?.error?.code ?? `http.${res.status}`, body?.error?.message ?? `HTTP ${res.status}`);
  }
  return { bytes: await res.arrayBuffer(), type: res.headers.get("content-type") ?? "application/octet-stream" };
}

/** 预览: opens a file the user may read (an image or PDF inline, text as
 * text), after checking in the browser that its bytes match the SHA-256 the
 * record holds — the police see the evidence itself, not a bare hash. */
export function EvidencePreview({ path, name, hash, contentType }: { path: string; name: string; hash: string; contentType?: string }) {
  const { t } = useI18n();
  const tx = useText();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ url?: string; text?: string; kind?: "image" | "pdf" | "text" | "other"; ok?: boolean; error?: string; loading?: boolean }>({});

  useEffect(() => {
    if (!open) return;
    let url: string | undefined;
    let cancelled = false;
    setState({ loading: true });
    fetchFile(path)
      .then(async ({ bytes, type }) => {
        const ok = (await sha256Hex(bytes)) === hash;
        const declared = safeContentType(contentType ?? type);
        const bare = declared.type.split(";")[0]!;
        const kind = !declared.inline ? "other" : bare === "application/pdf" ? "pdf" : bare.startsWith("image/") ? "image" : bare === "text/plain" ? "text" : "other";
        url = URL.createObjectURL(new Blob([bytes], { type: declared.type }));
        const text = kind === "text" ? new TextDecoder().decode(bytes) : undefined;
        if (!cancelled) setState({ url, kind, ok, text });
      })
      .catch((err: unknown) => {
        if (!cancelled) setState({ error: err instanceof ApiError && err.code === "evidence.not_uploaded" ? tx("evidence.notUploaded") : err instanceof Error ? err.message : String(err) });
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [open, path, hash, contentType, t]);

  return (
    <>
      <Button size="small" icon={<EyeOutlined aria-hidden />} onClick={() => setOpen(true)} aria-label={tx("evidence.previewOf", { name })} data-testid="evidence-preview">
        {tx("evidence.preview")}
      </Button>
      <Modal open={open} title={name} onCancel={() => setOpen(false)} footer={null} width={860} destroyOnHidden>
        {state.loading && <Spin />}
        {state.error && <Alert type="warning" showIcon message={state.error} />}
        {state.ok !== undefined && (
          <Alert
            type={state.ok ? "success" : "error"}
            showIcon
            icon={state.ok ? <CheckCircleFilled aria-hidden /> : <CloseCircleFilled aria-hidden />}
            data-testid="evidence-hash-check"
            message={state.ok ? tx("evidence.hashOk") : tx("evidence.hashBad")}
            description={<Typography.Text code style={{ fontSize: 12, wordBreak: "break-all" }}>{hash}</Typography.Text>}
            style={{ marginBottom: 12 }}
          />
        )}
        {state.url && state.kind === "image" && <img src={state.url} alt={name} style={{ maxWidth: "100%" }} />}
        {state.url && state.kind === "pdf" && <iframe src={state.url} title={name} style={{ width: "100%", height: "70vh", border: 0 }} />}
        {state.kind === "text" && <pre style={{ whiteSpace: "pre-wrap", maxHeight: "60vh", overflow: "auto" }}>{state.text}</pre>}
        {state.kind === "other" && <Typography.Paragraph>{tx("evidence.noPreview")}</Typography.Paragraph>}
        {state.url && (
          <Space style={{ marginTop: 12 }}>
            <a href={state.url} download={name}>
              <DownloadOutlined aria-hidden /> {tx("evidence.download")}
            </a>
          </Space>
        )}
      </Modal>
    </>
  );
}
