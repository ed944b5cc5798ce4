import { Tag } from "antd";
import { ClueStatusNames, SourceNames, TaskStatusNames, type Source } from "@supervision/core/clue/sources";
import { useI18n } from "../i18n";

/** Two-language text of the clue and campaign pages (zh first). */
export function useL() {
  const { lang } = useI18n();
  return (zh: string, en: string) => (lang === "en" ? en : zh);
}

export function SourceTag({ source }: { source: string }) {
  const { lang } = useI18n();
  const n = SourceNames[source as Source];
  return <Tag>{n ? (lang === "en" ? n.en : n.zh) : source}</Tag>;
}

export function ClueStatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  const n = ClueStatusNames[status as keyof typeof ClueStatusNames];
  return <Tag color={status === "unmatched" ? "orange" : "green"}>{n ? (lang === "en" ? n.en : n.zh) : status}</Tag>;
}

export function TaskStatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  const n = TaskStatusNames[status as keyof typeof TaskStatusNames];
  return <Tag color={status === "open" ? "blue" : "green"}>{n ? (lang === "en" ? n.en : n.zh) : status}</Tag>;
}
