import { IndicatorsSection } from "../charts/indicators";
import { useI18n } from "../i18n";
import { PageTitle } from "./common";

/** /indicators: the indicators section on a page of its own (also for the dashboard). */
export default function Indicators() {
  const { lang } = useI18n();
  return (
    <>
      <PageTitle>{lang === "en" ? "Indicators" : "监管指标"}</PageTitle>
      <IndicatorsSection />
    </>
  );
}
