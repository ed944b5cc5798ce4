import { GlobalOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useI18n } from "./i18n";

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  // The accessible name is "界面语言：English" / "Language: 中文": it contains the visible text.
  return (
    <Button icon={<GlobalOutlined aria-hidden />} onClick={() => setLang(lang === "en" ? "zh" : "en")} data-testid="language-switch">
      <span className="sr-only">{t("lang.group")}</span>
      <span lang={lang === "en" ? "zh-CN" : "en"}>{t("lang.switchTo")}</span>
    </Button>
  );
}
