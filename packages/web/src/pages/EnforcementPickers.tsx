import { App, Select, Tag, Tooltip, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useRef, useState } from "react";
import { call, client } from "../api";
import { catalogueItems, collect, useLoad, type PageOf } from "../data";
import { useStrings } from "../i18n";
import * as spotcheckStrings from "../locales/spotcheck";

/** What the spot-check pages (执法主体、检查人员、检查计划) share: pickers for
 * items, townships, bodies and businesses (nothing typed by code), the
 * confirmation before publishing, and the published lists they read. */

export type Body = InferResponseType<typeof client.api.enforcement.bodies.$get, 200>["items"][number];

/** A list API's page (`cursor` absent at the end) in the shape `collect`/`eachPage` read. */
export function paged<T>(page: Promise<{ items: T[]; cursor?: string | null }>): Promise<PageOf<T>> {
  return page.then((p) => ({ items: p.items, cursor: p.cursor ?? null }));
}

/** The catalogue's items in force (empty when none has reached this tenant). */
export function useCatalogue() {
  return useLoad(() => catalogueItems().catch(() => ({ version: 0, items: [] as { code: string; name: string }[] })), []);
}

/** The tenant's enforcement bodies (a county has tens; read page by page up to 1,000). */
export function useBodies() {
  return useLoad(() => collect((cursor) => paged(call(client.api.enforcement.bodies.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } })))), []);
}

/** The townships (乡镇/街道) of the signed-in county (`GET /api/tenant/townships`, static GB data). */
export function useTownships() {
  return useLoad(() => call(client.api.tenant.townships.$get()), []);
}

interface MultiProps {
  id?: string;
  value?: string[];
  onChange?(v: string[]): void;
  disabled?: boolean;
}

/** Items from the catalogue in force, by code and name; `allowed` narrows the choice (e.g. a body's list). */
export function ItemPicker(props: MultiProps & { allowed?: string[]; "aria-label"?: string }) {
  const { t } = useStrings(spotcheckStrings);
  const catalogue = useCatalogue();
  const options = useMemo(() => {
    const items = catalogue.data?.items ?? [];
    const allowed = props.allowed ? new Set(props.allowed) : undefined;
    return items.filter((i) => !allowed || allowed.has(i.code)).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));
  }, [catalogue.data, props.allowed]);
  return (
    <Select
      id={props.id}
      mode="multiple"
      allowClear
      showSearch
      optionFilterProp="label"
      loading={catalogue.loading}
      placeholder={catalogue.data && catalogue.data.items.length === 0 ? t("sc.noCatalogue") : t("sc.itemsPlaceholder")}
      value={props.value}
      onChange={props.onChange}
      disabled={props.disabled}
      options={options}
      aria-label={props["aria-label"]}
      maxTagCount="responsive"
    />
  );
}

/** Townships of this county, one or several. */
export function TownshipPicker(props: { id?: string; value?: string | string[]; onChange?(v: string | string[]): void; multiple?: boolean; disabled?: boolean; allowClear?: boolean }) {
  const { t } = useStrings(spotcheckStrings);
  const townships = useTownships();
  return (
    <Select
      id={props.id}
      mode={props.multiple ? "multiple" : undefined}
      allowClear={props.allowClear ?? true}
      showSearch
      optionFilterProp="label"
      loading={townships.loading}
      placeholder={t("sc.townshipsPlaceholder")}
      value={props.value}
      onChange={props.onChange}
      disabled={props.disabled}
      options={(townships.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
      maxTagCount="responsive"
    />
  );
}

/** Businesses of this tenant's directory, found by name as the user types; the value is their credit codes. */
export function BusinessPicker(props: { id?: string; value?: string[] | string; onChange?(v: string[] | string): void; multiple?: boolean; disabled?: boolean; known?: Record<string, string> }) {
  const { t } = useStrings(spotcheckStrings);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const names = useRef<Record<string, string>>({ ...(props.known ?? {}) });
  const seq = useRef(0);
  async function search(q: string) {
    const n = ++seq.current;
    if (q.trim().length < 2) return setOptions([]);
    setLoading(true);
    try {
      const page = await call(client.api.businesses.$get({ query: { q: q.trim(), by: "name", limit: "20" } as never }));
      if (n !== seq.current) return;
      for (const b of page.items) names.current[b.creditCode] = b.name;
      setOptions(page.items.map((b) => ({ value: b.creditCode, label: `${b.name}（${b.creditCode}）` })));
    } catch {
      // A query of place names only is refused by the API: nothing to offer.
      if (n === seq.current) setOptions([]);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }
  const values = Array.isArray(props.value) ? props.value : props.value ? [props.value] : [];
  const selected = values.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: names.current[v] ? `${names.current[v]}（${v}）` : v }));
  return (
    <Select
      id={props.id}
      mode={props.multiple ? "multiple" : undefined}
      showSearch
      allowClear
      filterOption={false}
      onSearch={(q) => void search(q)}
      loading={loading}
      placeholder={t("isp.businessSearch")}
      notFoundContent={null}
      value={props.value}
      onChange={props.onChange}
      disabled={props.disabled}
      options={[...selected, ...options]}
    />
  );
}

/** Ask before an act that publishes or cannot be undone; resolves true when confirmed. */
export function useConfirm() {
  const { modal } = App.useApp();
  const { t } = useStrings(spotcheckStrings);
  return (content: string, title = t("sc.confirmTitle")) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title,
        content,
        okText: t("sc.confirmOk"),
        cancelText: t("common.cancel"),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
}

/** Item codes as tags, the first few shown, the rest in a tooltip. */
export function ItemTags({ codes, max = 3 }: { codes: string[]; max?: number }) {
  const { t } = useStrings(spotcheckStrings);
  if (codes.length === 0) return <Typography.Text type="secondary">{t("common.none")}</Typography.Text>;
  const rest = codes.slice(max);
  return (
    <span>
      {codes.slice(0, max).map((c) => (
        <Tag key={c} bordered={false}>
          {c}
        </Tag>
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.join("、")}>
          <Tag bordered={false} tabIndex={0}>
            {t("sc.more", { n: rest.length })}
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}
