export declare function interleave<K extends string>(
  series: Record<K, () => Promise<void>>,
  perSeries: number,
  batchSize: number,
): Promise<Record<K, number[]>>;
