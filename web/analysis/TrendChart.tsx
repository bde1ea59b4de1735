import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Trend } from '../lib/analysis.js';

/** Weekly incidence of a ward against its district and the city (uPlot: canvas, small, no network). */
export function TrendChart({
  trend,
  labels,
}: {
  trend: Trend;
  labels: { ward: string; district: string; city: string };
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const x = trend.weeks.map((_, i) => i);
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 180,
        legend: { show: true },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => (trend.weeks[t] ?? '').replace(/^\d{4}-/, '')) },
          { size: 44 },
        ],
        scales: { x: { time: false } },
        series: [
          {},
          { label: labels.ward, stroke: '#c92a2a', width: 2.5 },
          { label: labels.district, stroke: '#1c7ed6', width: 1.5 },
          { label: labels.city, stroke: '#495057', width: 1.5, dash: [6, 4] },
        ],
      },
      [x, trend.series.ward, trend.series.district, trend.series.city] as uPlot.AlignedData,
      el,
    );
    return () => chart.destroy();
  }, [trend, labels]);
  return <div ref={box} className="trend-chart" data-testid="trend-chart" />;
}
