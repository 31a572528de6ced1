/** The trailing mean over the last `k` values (fewer at the start; empty values left out). */
export function movingAverage(values, k = 7) {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - k + 1), i + 1).filter((v) => v != null);
    return window.length ? window.reduce((s, v) => s + v, 0) / window.length : null;
  });
}
