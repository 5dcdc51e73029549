/**
 * Which tabs showed which posts and which waves, bounded: the oldest entries are forgotten first
 * (a Map keeps insertion order; touching an entry moves it to the end).
 */
export class TabIndex {
  private posts = new Map<string, number[]>();
  private waves = new Map<string, number[]>();

  constructor(
    readonly maxPosts = 50_000,
    readonly maxWaves = 2_000,
    readonly maxTabsPerEntry = 32,
  ) {}

  private static add(map: Map<string, number[]>, key: string, tab: number, max: number, maxTabs: number): void {
    const tabs = map.get(key);
    if (tabs) map.delete(key);
    const next = tabs ? (tabs.includes(tab) ? tabs : [...tabs.slice(-(maxTabs - 1)), tab]) : [tab];
    map.set(key, next);
    if (map.size > max) map.delete(map.keys().next().value!);
  }

  showedPost(key: string, tab: number): void {
    TabIndex.add(this.posts, key, tab, this.maxPosts, this.maxTabsPerEntry);
  }

  showedWave(id: string, tab: number): void {
    TabIndex.add(this.waves, id, tab, this.maxWaves, this.maxTabsPerEntry);
  }

  tabsOfPost(key: string): readonly number[] | undefined {
    return this.posts.get(key);
  }

  tabsOfWave(id: string): readonly number[] {
    return this.waves.get(id) ?? [];
  }

  /** Keys of the posts a tab showed (the popup's counts for the current page), most recent last. */
  postsOfTab(tab: number, max = 5_000): string[] {
    const out: string[] = [];
    for (const [key, tabs] of this.posts) if (tabs.includes(tab)) out.push(key);
    return out.slice(-max);
  }

  forgetTab(tab: number): void {
    for (const map of [this.posts, this.waves]) {
      for (const [key, tabs] of map) {
        if (!tabs.includes(tab)) continue;
        const rest = tabs.filter((t) => t !== tab);
        if (rest.length) map.set(key, rest);
        else map.delete(key);
      }
    }
  }

  get size(): { posts: number; waves: number } {
    return { posts: this.posts.size, waves: this.waves.size };
  }
}
