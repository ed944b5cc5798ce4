import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Badge, Button, Form, Input, Modal, Select, Typography } from "antd";
import type { FormInstance } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
// Plain data (no imports of its own): the standard department types and their names.
import { DepartmentTypes, departmentTypeName, isOrganType } from "@supervision/core/department/types";
import { ApiError, call, client } from "../api";
import { DataTable } from "../components/DataTable";
import { departmentList, useLoad } from "../data";
import { useStrings } from "../i18n";
import * as adminStrings from "../locales/admin";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Department = InferResponseType<typeof client.api.tenant.departments.$get, 200>["items"][number];

interface CreateValues {
  name: string;
  nameEn?: string;
  type: string;
}
interface EditValues {
  name: string;
  nameEn: string;
  status: "active" | "disabled";
}

/** Put the API's field errors on the form's fields; return what no field took. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function applyFieldErrors(form: FormInstance<any>, err: ApiError, fields: string[]): string | undefined {
  const onFields = err.details.filter((d) => fields.includes(d.field));
  form.setFields(onFields.map((d) => ({ name: d.field, errors: [d.message] })));
  if (err.code === "department.duplicate_name") {
    form.setFields([{ name: "name", errors: [err.message] }]);
    return undefined;
  }
  const rest = err.details.filter((d) => !fields.includes(d.field));
  if (onFields.length > 0 && rest.length === 0) return undefined;
  return [err.message, ...rest.map((d) => `${d.field}: ${d.message}`)].join("；");
}

export default function Departments() {
  const { t, lang } = useStrings(adminStrings);
  const { me, can } = useSession();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => departmentList(), []);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Department>();
  const canWrite = can("department.write");

  const typeLabel = (type: string) => (type === "other" ? t("dep.typeOther") : departmentTypeName(type, lang));

  return (
    <>
      <PageTitle
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
              {t("dep.add")}
            </Button>
          )
        }
      >
        {t("dep.title")}
      </PageTitle>
      {!canWrite && <Alert type="info" showIcon message={t("dep.readOnly")} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<Department>
        testId="departments-table"
        caption={t("dep.caption", { tenant: me?.tenant.name ?? "" })}
        exportName={t("dep.caption", { tenant: me?.tenant.name ?? "" })}
        rowKey="id"
        loading={loading}
        rows={data}
        columns={[
          {
            key: "name",
            title: t("dep.name"),
            dataIndex: "name",
            text: (d) => d.name,
            sort: true,
            render: (name: string, d) => (
              <div>
                <div>{name}</div>
                {lang === "en" && d.nameEn !== name && <Typography.Text type="secondary">{d.nameEn}</Typography.Text>}
              </div>
            ),
          },
          { key: "type", title: t("dep.type"), width: 260, text: (d) => typeLabel(d.type), filter: true, sort: true },
          {
            key: "status",
            title: t("dep.status"),
            width: 110,
            text: (d) => t(d.status === "active" ? "dep.active" : "dep.disabled"),
            filter: true,
            render: (_: unknown, d) => <Badge status={d.status === "active" ? "success" : "default"} text={t(d.status === "active" ? "dep.active" : "dep.disabled")} />,
          },
          { key: "updatedAt", title: t("dep.updatedAt"), width: 190, text: (d) => formatTime(d.updatedAt), sort: true },
          ...(canWrite
            ? [
                {
                  key: "actions",
                  title: t("dep.actions"),
                  width: 110,
                  noExport: true,
                  text: () => "",
                  render: (_: unknown, d: Department) => (
                    <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(d)} aria-label={`${t("dep.edit")}：${d.name}`}>
                      {t("dep.edit")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite && (
        <CreateDepartment
          open={adding}
          typeLabel={typeLabel}
          onClose={() => setAdding(false)}
          onCreated={(d) => {
            setAdding(false);
            void message.success(t("dep.created", { name: d.name }));
            reload();
          }}
        />
      )}
      {canWrite && editing && (
        <EditDepartment
          department={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(d) => {
            setEditing(undefined);
            void message.success(t("dep.updated", { name: d.name }));
            reload();
          }}
        />
      )}
    </>
  );
}

function CreateDepartment(props: { open: boolean; typeLabel: (type: string) => string; onClose(): void; onCreated(d: Department): void }) {
  const { t } = useStrings(adminStrings);
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(values: CreateValues) {
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(
        client.api.tenant.departments.$post({
          json: { name: values.name, type: values.type, ...(values.nameEn?.trim() ? { nameEn: values.nameEn } : {}) },
        }),
      );
      form.resetFields();
      props.onCreated(created);
    } catch (err) {
      setError(err instanceof ApiError ? applyFieldErrors(form, err, ["name", "nameEn", "type"]) : String(err));
    } finally {
      setBusy(false);
    }
  }

  // Organs (police, procuratorate, establishment office) are set up by the province only.
  const types = [...DepartmentTypes.filter((d) => !("provinceOnly" in d && d.provinceOnly) && !isOrganType(d.type)).map((d) => d.type), "other"];
  return (
    <Modal
      open={props.open}
      title={t("dep.addTitle")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined);
        props.onClose();
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<CreateValues> form={form} layout="vertical" name="create-department" initialValues={{ type: "other" }} onFinish={submit}>
        <NameFields />
        <Form.Item label={t("dep.type")} name="type">
          <Select showSearch optionFilterProp="label" options={types.map((type) => ({ value: type, label: props.typeLabel(type) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditDepartment(props: { department: Department; onClose(): void; onSaved(d: Department): void }) {
  const { t } = useStrings(adminStrings);
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const d = props.department;

  async function submit(values: EditValues) {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await call(
        client.api.tenant.departments[":departmentId"].$patch({
          param: { departmentId: d.id },
          json: { version: d.version, name: values.name, nameEn: values.nameEn, status: values.status },
        }),
      );
      props.onSaved(saved);
    } catch (err) {
      setError(err instanceof ApiError ? applyFieldErrors(form, err, ["name", "nameEn", "status"]) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t("dep.editTitle", { name: d.name })}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<EditValues>
        form={form}
        layout="vertical"
        name="edit-department"
        initialValues={{ name: d.name, nameEn: d.nameEn, status: d.status }}
        onFinish={submit}
      >
        <NameFields />
        <Form.Item label={t("dep.status")} name="status">
          <Select
            options={[
              { value: "active", label: t("dep.active") },
              { value: "disabled", label: t("dep.disabled") },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The name fields both department dialogs share (limits as in core's schema). */
function NameFields() {
  const { t } = useStrings(adminStrings);
  return (
    <>
      <Form.Item label={t("dep.name")} name="name" rules={[{ required: true, whitespace: true, message: t("dep.nameRequired") }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item label={t("dep.nameEn")} name="nameEn">
        <Input maxLength={120} />
      </Form.Item>
    </>
  );
}
