/**
 * Lookup by key over a simulator state list that the write routes change. Member listings resolve every member id
 * through it, so a linear search made them quadratic: at 300k people a team listing passed the client's timeout
 * (issue 19). The index is rebuilt when the list is replaced (routes remove by filtering into a new array) or its
 * length changes (routes create by pushing); the simulators never change an item's key in place.
 * The first item with a key wins, as Array.prototype.find would.
 */
export function lookupBy<T>(list: () => readonly T[], key: (item: T) => string): (id: string) => T | undefined {
  let indexed: readonly T[] | null = null;
  let length = -1;
  let byKey = new Map<string, T>();
  return (id) => {
    const items = list();
    if (items !== indexed || items.length !== length) {
      byKey = new Map();
      for (const item of items) {
        const k = key(item);
        if (!byKey.has(k)) byKey.set(k, item);
      }
      indexed = items;
      length = items.length;
    }
    return byKey.get(id);
  };
}
