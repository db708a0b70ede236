import { MAX_PAGE_SIZE } from '@justfit/storage';

/** Every page of a storage listing. */
export async function allPages<T>(list: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const result = await list(page);
    items.push(...result.items);
    if (result.items.length < MAX_PAGE_SIZE || items.length >= result.total) return items;
  }
}
