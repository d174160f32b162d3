/**
 * Guards against storing what a read found after the key was invalidated. A read that goes to L2
 * or the loader takes a ticket; a write or delete of its key supersedes the key's tickets, and an
 * invalidation that may cover any key (tag, prefix, resync) supersedes them all by moving to a new
 * generation. A read whose ticket is no longer current answers its caller but stores nothing,
 * or it would put back the value just invalidated.
 */
export interface ReadTicket {
  readonly generation: number;
  superseded: boolean;
}

export class ReadTickets {
  /** Only keys with a read in flight, so the map stays as small as the concurrency. */
  readonly #byKey = new Map<string, Set<ReadTicket>>();
  #generation = 0;

  start(key: string): ReadTicket {
    const ticket: ReadTicket = { generation: this.#generation, superseded: false };
    const tickets = this.#byKey.get(key);
    if (tickets === undefined) this.#byKey.set(key, new Set([ticket]));
    else tickets.add(ticket);
    return ticket;
  }

  finish(key: string, ticket: ReadTicket): void {
    const tickets = this.#byKey.get(key);
    tickets?.delete(ticket);
    if (tickets?.size === 0) this.#byKey.delete(key);
  }

  supersede(key: string): void {
    const tickets = this.#byKey.get(key);
    if (tickets !== undefined) for (const ticket of tickets) ticket.superseded = true;
  }

  supersedeAll(): void {
    this.#generation++;
  }

  isCurrent(ticket: ReadTicket): boolean {
    return !ticket.superseded && ticket.generation === this.#generation;
  }
}
