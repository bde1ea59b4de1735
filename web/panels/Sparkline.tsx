import { LEVEL_COLOURS } from '../lib/levels.js';

/** Levels week by week as coloured bars (height = level), the shown week outlined. */
export function Sparkline({
  history,
  week,
  label,
}: {
  history: { week: string; level: number }[];
  week: string | null;
  label: string;
}) {
  const barW = 10;
  const gap = 3;
  const h = 36;
  return (
    <svg
      className="sparkline"
      width={history.length * (barW + gap)}
      height={h + 2}
      role="img"
      aria-label={`${label}: ${history.map((p) => `${p.week} ${p.level}`).join(', ')}`}
    >
      {history.map((p, i) => {
        const barH = (p.level / 4) * h;
        return (
          <rect
            key={p.week}
            x={i * (barW + gap)}
            y={h - barH + 1}
            width={barW}
            height={barH}
            rx={2}
            fill={LEVEL_COLOURS[p.level]}
            stroke={p.week === week ? '#14332f' : 'none'}
            strokeWidth={2}
          >
            <title>{`${p.week}: ${p.level}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
