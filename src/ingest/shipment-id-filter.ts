/**
 * The shipment_ids a bulk job has accepted, as 32-bit hashes in an open-addressing table (about 8
 * bytes per id, never the strings): `mayHave` is false for an id never added — the common case, no
 * database question — and true for one added, or rarely for another with the same hash (the caller
 * then asks the database, which decides exactly).
 */
export class ShipmentIdFilter {
  private table = new Uint32Array(1 << 16);
  private count = 0;

  /** FNV-1a over the UTF-16 code units; 0 marks an empty slot, so a hash of 0 is stored as 1. */
  private static hash(id: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    return h >>> 0 || 1;
  }

  mayHave(id: string): boolean {
    const h = ShipmentIdFilter.hash(id);
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i]!;
      if (v === 0) return false;
      if (v === h) return true;
    }
  }

  add(id: string): void {
    if (this.count * 2 >= this.table.length) this.grow();
    if (this.insert(ShipmentIdFilter.hash(id))) this.count++;
  }

  private insert(h: number): boolean {
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i]!;
      if (v === h) return false;
      if (v === 0) {
        this.table[i] = h;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (const h of old) if (h !== 0) this.insert(h);
  }
}
