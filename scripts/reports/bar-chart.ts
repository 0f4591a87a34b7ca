// A grouped bar chart as plain SVG, for the yearly report: no dependency, readable on any page that
// shows images. A missing value (suppressed, or nothing to measure) draws no bar and a dash.

export interface BarSeries {
  name: string;
  values: ReadonlyArray<number | null>;
}

export interface BarChart {
  title: string;
  /** Unit of the values, shown on the axis (e.g. `days`). */
  unit: string;
  categories: readonly string[];
  series: readonly BarSeries[];
}

const COLOURS = ['#1f5f8b', '#e08a1e', '#3a8f4b', '#8b3a62', '#6b6b6b'];

export const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A step of 1, 2 or 5 times a power of ten that puts about five lines under `max`. */
function gridStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough)!;
}

export function barChartSvg(chart: BarChart): string {
  const values = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  const step = gridStep(max);
  const top = Math.ceil(max / step) * step;
  const left = 56;
  const plotTop = 40;
  const plotHeight = 200;
  const groupWidth = Math.max(60, chart.series.length * 22 + 16);
  const width = left + chart.categories.length * groupWidth + 20;
  const legendTop = plotTop + plotHeight + 48;
  const height = legendTop + chart.series.length * 18 + 8;
  const y = (v: number) => plotTop + plotHeight - (v / top) * plotHeight;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img">`);
  parts.push(`<title>${escapeXml(chart.title)}</title>`);
  parts.push(`<text x="${left}" y="20" font-size="13" font-weight="bold">${escapeXml(chart.title)}</text>`);
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#dddddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<text x="12" y="${plotTop + plotHeight / 2}" transform="rotate(-90 12 ${plotTop + plotHeight / 2})" text-anchor="middle">${escapeXml(chart.unit)}</text>`);
  chart.categories.forEach((category, c) => {
    const x0 = left + c * groupWidth + 8;
    chart.series.forEach((series, s) => {
      const value = series.values[c] ?? null;
      const x = x0 + s * 22;
      if (value === null) {
        parts.push(`<text x="${x + 9}" y="${plotTop + plotHeight - 4}" text-anchor="middle" fill="#999999">–</text>`);
      } else {
        parts.push(`<rect x="${x}" y="${y(value)}" width="18" height="${plotTop + plotHeight - y(value)}" fill="${COLOURS[s % COLOURS.length]}"><title>${escapeXml(`${series.name}, ${category}: ${value} ${chart.unit}`)}</title></rect>`);
      }
    });
    parts.push(`<text x="${x0 + (chart.series.length * 22) / 2}" y="${plotTop + plotHeight + 16}" text-anchor="middle">${escapeXml(category)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - 20}" y1="${plotTop + plotHeight}" y2="${plotTop + plotHeight}" stroke="#333333"/>`);
  chart.series.forEach((series, s) => {
    const ly = legendTop + s * 18;
    parts.push(`<rect x="${left}" y="${ly - 10}" width="12" height="12" fill="${COLOURS[s % COLOURS.length]}"/>`);
    parts.push(`<text x="${left + 18}" y="${ly}">${escapeXml(series.name)}</text>`);
  });
  parts.push(`<text x="${width - 20}" y="${legendTop - 16}" text-anchor="end" fill="#999999">– no figure (suppressed or none)</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
