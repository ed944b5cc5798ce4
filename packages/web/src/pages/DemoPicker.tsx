import { Select } from "antd";
import type { DemoAccount } from "../api";

/** Local demo mode only: pick an account to fill the sign-in form. */
export default function DemoPicker({ accounts, placeholder, onPick }: { accounts: DemoAccount[]; placeholder: string; onPick(username: string): void }) {
  return (
    <Select
      id="demo-account"
      aria-labelledby="demo-heading"
      style={{ width: "100%" }}
      placeholder={placeholder}
      showSearch
      optionFilterProp="label"
      options={accounts.map((a) => ({ value: a.username, label: `${a.name} · ${a.username}` }))}
      onChange={(username: string) => onPick(username)}
    />
  );
}
