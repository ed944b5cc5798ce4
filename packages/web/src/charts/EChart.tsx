import { useEffect, useRef, useState } from "react";
import type { EChartsCoreOption, ECharts } from "echarts/core";

/** ECharts, loaded on first use into its own chunk ("charts", vite.config.ts):
 * the sign-in and public pages never load it. Only the parts the dashboard
 * draws are registered (bar and line, grid, tooltip, legend, mark lines, SVG). */
let loading: Promise<typeof import("echarts/core")> | undefined;
function loadECharts() {
  loading ??= import("./echarts-setup").then((m) => m.echarts);
  return loading;
}

export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
}

/** One chart that follows its container's width (390 px phones included).
 * `label` is what a screen reader hears; the same figures are always in a
 * table beside the chart, so the chart is never the only way to read them. */
export function EChart({ option, height = 280, label, onClick, testId }: { option: EChartsCoreOption; height?: number; label: string; onClick?(e: ChartClick): void; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  const click = useRef(onClick);
  click.current = onClick;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadECharts().then((echarts) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: "svg" });
      chart.current = c;
      c.on("click", (p) => click.current?.({ name: String(p.name), dataIndex: p.dataIndex, seriesIndex: p.seriesIndex ?? 0 }));
      observer = new ResizeObserver(() => c.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [ready, option]);

  return <div ref={el} role="img" aria-label={label} data-testid={testId} data-ready={ready ? "true" : "false"} style={{ width: "100%", height, cursor: onClick ? "pointer" : undefined }} />;
}
