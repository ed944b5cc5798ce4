/** Small text rules for how things read on screen (issue 15 Found 7). */

/** A law's title in 《》, as Chinese writing requires; a title already in 《》 (or empty) stays as it is. */
export function bookTitle(law: string): string {
  const name = law.trim();
  if (!name || /^《.*》/.test(name)) return name;
  // "中华人民共和国食品安全法 第八十七条" → 《中华人民共和国食品安全法》第八十七条
  const m = /^(.*?[法律例定则])(\s*第[一二三四五六七八九十百零〇\d]+条(?:之[一二三四五六七八九十]+)?(?:第[一二三四五六七八九十\d]+[款项])*)?$/.exec(name);
  return m ? `《${m[1]!.trim()}》${(m[2] ?? "").trim()}` : `《${name}》`;
}
