import { Alert, Button, Card, Cascader, DatePicker, Form, Input, Result, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import divisions from "@supervision/core/data/fujian-divisions.json";
import { ApiError } from "../api";
import { ZONE } from "../time";
import { PublicVisitLayout } from "./PublicVisit";
import { publicVisitApi, useVisitText } from "./VisitShared";

/** 举报未亮码检查: a business reports a visit that showed no code, or a code
 * that does not match; the report goes to that county's (or city's)
 * enforcement-supervision office with a deadline. No sign-in. */

interface Values {
  tenant?: string[];
  code?: string;
  creditCode: string;
  entityName: string;
  occurredOn?: Dayjs;
  description: string;
  contact?: string;
}

const DATE = "YYYY-MM-DD";
/** A visit code starts with its tenant's division code (core visit/rules.ts CODE_PATTERN). */
const CODE = /^(\d{6})[a-z2-9]{16}$/;

/** City → its own level and its counties, as the Cascader's options (GB/T 2260, the platform's 94 tenants and the province). */
function useTenantOptions() {
  const vt = useVisitText();
  return useMemo(
    () =>
      divisions.cities.map((c) => ({
        value: c.code,
        label: c.name,
        children: [
          { value: c.code, label: vt("rpt.cityLevel", { city: c.name }) },
          ...divisions.counties.filter((x) => x.cityCode === c.code).map((x) => ({ value: x.code, label: x.name })),
        ],
      })),
    [vt],
  );
}

/** The Cascader path of a tenant: [city, tenant]. */
function pathOf(tenantId: string): string[] | undefined {
  if (divisions.cities.some((c) => c.code === tenantId)) return [tenantId, tenantId];
  const county = divisions.counties.find((c) => c.code === tenantId);
  return county ? [county.cityCode, county.code] : undefined;
}

export default function PublicVisitReport() {
  const vt = useVisitText();
  const [params] = useSearchParams();
  const options = useTenantOptions();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [sent, setSent] = useState<{ dueAt: string }>();
  const code = params.get("code") ?? "";
  const initialTenant = CODE.exec(code)?.[1];
  const today = dayjs().tz(ZONE).format(DATE);

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const res = await publicVisitApi.report({
        tenantId: v.tenant!.at(-1)!,
        ...(v.code?.trim() ? { code: v.code.trim() } : {}),
        creditCode: v.creditCode.trim().toUpperCase(),
        entityName: v.entityName.trim(),
        occurredOn: v.occurredOn!.format(DATE),
        description: v.description.trim(),
        ...(v.contact?.trim() ? { contact: v.contact.trim() } : {}),
      });
      setSent({ dueAt: res.dueAt });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "client", String(err));
      // Field errors beside their fields (tenantId is the region picker); the rest above the form.
      const fieldOf = (f: string) => (f === "tenantId" ? "tenant" : ["code", "creditCode", "entityName", "occurredOn", "description", "contact"].includes(f) ? f : undefined);
      const own = e.details.filter((d) => fieldOf(d.field));
      form.setFields(own.map((d) => ({ name: fieldOf(d.field)! as keyof Values, errors: [d.message] })));
      if (own.length === 0) setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <PublicVisitLayout>
        <Result
          status="success"
          title={<h1 className="page-title">{vt("rpt.sent")}</h1>}
          subTitle={vt("rpt.sentHint")}
          extra={
            <Button
              onClick={() => {
                setSent(undefined);
                form.resetFields();
              }}
            >
              {vt("rpt.another")}
            </Button>
          }
        />
      </PublicVisitLayout>
    );
  }
  return (
    <PublicVisitLayout>
      <Typography.Title level={1} className="page-title">
        {vt("rpt.title")}
      </Typography.Title>
      <Typography.Paragraph>{vt("rpt.intro")}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error.message} style={{ marginBottom: 16 }} />}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          name="visit-report"
          onFinish={submit}
          disabled={busy}
          initialValues={{ code, tenant: initialTenant ? pathOf(initialTenant) : undefined }}
        >
          <Form.Item
            label={vt("rpt.tenant")}
            name="tenant"
            rules={[{ validator: (_, v: string[] | undefined) => (v?.length === 2 ? Promise.resolve() : Promise.reject(new Error(vt("rpt.tenantRequired")))) }]}
          >
            <Cascader options={options} placeholder={vt("rpt.tenantPlaceholder")} showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }} />
          </Form.Item>
          <Form.Item label={vt("rpt.code")} name="code">
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item label={vt("rpt.creditCode")} name="creditCode" rules={[{ required: true, whitespace: true, len: 18, message: vt("rpt.creditCodeRequired") }]}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item label={vt("rpt.entityName")} name="entityName" rules={[{ required: true, whitespace: true, min: 2, message: vt("rpt.entityNameRequired") }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={vt("rpt.occurredOn")} name="occurredOn" rules={[{ required: true, message: vt("rpt.occurredOnRequired") }]}>
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format(DATE) > today} />
          </Form.Item>
          <Form.Item label={vt("rpt.description")} name="description" rules={[{ required: true, whitespace: true, min: 4, message: vt("rpt.descriptionRequired") }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label={vt("rpt.contact")} name="contact">
            <Input maxLength={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {vt("rpt.submit")}
          </Button>
        </Form>
      </Card>
    </PublicVisitLayout>
  );
}
