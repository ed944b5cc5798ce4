/** Sequential samples of each series, in batches that alternate between the
 * series (and reverse their order every round) so drift hits all equally.
 * Plain JavaScript, so the client process (client-worker.mjs) runs it without tsx. */
export async function interleave(series, perSeries, batchSize) {
  const names = Object.keys(series);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; out[names[0]].length < perSeries; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const n = Math.min(batchSize, perSeries - out[name].length);
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await series[name]();
        out[name].push(performance.now() - t);
      }
    }
  }
  return out;
}
