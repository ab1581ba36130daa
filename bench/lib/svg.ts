// Two small SVG charts for BENCHMARKS.md (no chart library: the output is a few
// dozen elements, and a dependency would have to render without a browser).
const COLORS = ["#64748b", "#0ea5e9", "#f59e0b", "#10b981", "#a855f7", "#ef4444"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function legend(series: string[], x: number, y: number): string {
  return series.map((s, i) => `<rect x="${x}" y="${y + i * 16}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 14}" y="${y + i * 16 + 9}">${esc(s)}</text>`).join("");
}

/** Grouped bars in 0..1: one group per label, one bar per series. */
export function barChart(title: string, labels: string[], series: { name: string; values: number[] }[]): string {
  const W = 760, H = 300, left = 40, top = 30, bottom = 60, right = 190;
  const plotW = W - left - right, plotH = H - top - bottom;
  const groupW = plotW / labels.length;
  const barW = (groupW * 0.8) / series.length;
  const y = (v: number) => top + plotH * (1 - v);
  const bars = labels.flatMap((_, g) =>
    series.map((s, i) => {
      const v = Math.max(0, Math.min(1, s.values[g] ?? 0));
      const x = left + g * groupW + groupW * 0.1 + i * barW;
      return `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(plotH * v).toFixed(1)}" fill="${COLORS[i % COLORS.length]}"><title>${esc(s.name)}: ${v.toFixed(3)}</title></rect>`;
    }),
  );
  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e2e8f0"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  const xLabels = labels.map((l, g) => `<text x="${left + g * groupW + groupW / 2}" y="${top + plotH + 16}" text-anchor="middle">${esc(l)}</text>`);
  return svg(W, H, title, [...grid, ...bars, ...xLabels, legend(series.map((s) => s.name), left + plotW + 16, top)].join(""));
}

/** Lines on log-log axes (x: N, y: milliseconds). Points with x <= 0 are skipped. */
export function logLogChart(title: string, xLabel: string, yLabel: string, series: { name: string; points: [number, number][] }[]): string {
  const W = 760, H = 320, left = 60, top = 30, bottom = 50, right = 250;
  const plotW = W - left - right, plotH = H - top - bottom;
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  const [x0, x1] = [Math.floor(Math.log10(Math.min(...pts.map((p) => p[0])))), Math.ceil(Math.log10(Math.max(...pts.map((p) => p[0]))))];
  const [y0, y1] = [Math.floor(Math.log10(Math.min(...pts.map((p) => p[1])))), Math.ceil(Math.log10(Math.max(...pts.map((p) => p[1]))))];
  const X = (v: number) => left + ((Math.log10(v) - x0) / Math.max(1, x1 - x0)) * plotW;
  const Y = (v: number) => top + plotH * (1 - (Math.log10(v) - y0) / Math.max(1, y1 - y0));
  const grid: string[] = [];
  for (let e = x0; e <= x1; e++) grid.push(`<line x1="${X(10 ** e)}" x2="${X(10 ** e)}" y1="${top}" y2="${top + plotH}" stroke="#e2e8f0"/><text x="${X(10 ** e)}" y="${top + plotH + 16}" text-anchor="middle">${(10 ** e).toLocaleString("en")}</text>`);
  for (let e = y0; e <= y1; e++) grid.push(`<line x1="${left}" x2="${left + plotW}" y1="${Y(10 ** e)}" y2="${Y(10 ** e)}" stroke="#e2e8f0"/><text x="${left - 6}" y="${Y(10 ** e) + 4}" text-anchor="end">${10 ** e}</text>`);
  const lines = series.map((s, i) => {
    const p = s.points.filter(([x, y]) => x > 0 && y > 0);
    const c = COLORS[i % COLORS.length];
    return `<polyline fill="none" stroke="${c}" stroke-width="2" points="${p.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" ")}"/>` + p.map(([x, y]) => `<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3" fill="${c}"><title>${esc(s.name)} N=${x}: ${y.toFixed(1)}</title></circle>`).join("");
  });
  const axes = `<text x="${left + plotW / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text><text x="14" y="${top + plotH / 2}" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle">${esc(yLabel)}</text>`;
  return svg(W, H, title, [...grid, ...lines, axes, legend(series.map((s) => s.name), left + plotW + 16, top)].join(""));
}

function svg(w: number, h: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif" font-size="11" fill="#0f172a"><rect width="${w}" height="${h}" fill="#fff"/><text x="${w / 2}" y="18" text-anchor="middle" font-size="13" font-weight="600">${esc(title)}</text>${body}</svg>\n`;
}
