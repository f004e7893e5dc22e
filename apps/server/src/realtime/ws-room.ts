import type { WsPeer, WsPresence } from './ws-hub.ts';

/** A present person's status (offline is absence). */
export type PresentStatus = 'online' | 'away';

/** One person's status as a process announces it. */
export type PresenceEntry = [userId: string, status: PresentStatus];

/** A change of a person's status, as frames tell it. */
export type PresenceChange = WsPresence | { user_id: string; status: 'offline' };

/** The connections of one client in this process, and who is present in every process. */
export interface ClientRoom {
  readonly clientId: string;
  peers: Set<WsPeer>;
  ready: Promise<void>;
  unsubscribe?: () => void;
  /** Sets (null: removes) one local connection's status. */
  setLocal(userId: string, peer: WsPeer, status: PresentStatus | null): void;
  /** The person's status over this process's connections: online if any is, away if all are, else null. */
  localStatus(userId: string): PresentStatus | null;
  hasLocalUsers(): boolean;
  /** Every person this process holds, with their local status. */
  localPresence(): PresenceEntry[];
  /** What a process said of one person (null: gone); returns the change of their overall status. */
  setPresence(process: string, userId: string, status: PresentStatus | null, now: number): PresenceChange[];
  /** What a process said of everyone it holds (anyone it no longer lists is gone from it). */
  replaceProcess(process: string, users: PresenceEntry[], now: number): PresenceChange[];
  /** Forgets what other processes said before `before` (they stopped repeating it: dead or cut off). */
  expire(self: string, before: number): PresenceChange[];
  /** Everyone present but `self`. */
  presentUsers(self: string | null): WsPresence[];
}

/** Creates the empty room of a client. */
export function createRoom(clientId: string): ClientRoom {
  const local = new Map<string, Map<WsPeer, PresentStatus>>();
  // Per person, per process that holds them: their status there and when that process last said so.
  const presence = new Map<string, Map<string, { status: PresentStatus; seenAt: number }>>();

  const overall = (userId: string): PresentStatus | 'offline' => {
    const processes = presence.get(userId);
    if (!processes || processes.size === 0) return 'offline';
    for (const entry of processes.values()) if (entry.status === 'online') return 'online';
    return 'away';
  };
  /** Applies `change` and reports the person's overall status when it changed. */
  const tracking = (userIds: Iterable<string>, change: () => void): PresenceChange[] => {
    const before = new Map([...userIds].map((userId) => [userId, overall(userId)]));
    change();
    return [...before].flatMap(([userId, was]) => {
      const now = overall(userId);
      return now === was ? [] : [{ user_id: userId, status: now }];
    });
  };
  const set = (process: string, userId: string, status: PresentStatus | null, now: number) => {
    const processes = presence.get(userId) ?? new Map();
    if (status) processes.set(process, { status, seenAt: now });
    else processes.delete(process);
    if (processes.size > 0) presence.set(userId, processes);
    else presence.delete(userId);
  };

  return {
    clientId,
    peers: new Set(),
    ready: Promise.resolve(),
    setLocal(userId, peer, status) {
      const connections = local.get(userId) ?? new Map<WsPeer, PresentStatus>();
      if (status) connections.set(peer, status);
      else connections.delete(peer);
      if (connections.size > 0) local.set(userId, connections);
      else local.delete(userId);
    },
    localStatus(userId) {
      const connections = local.get(userId);
      if (!connections || connections.size === 0) return null;
      for (const status of connections.values()) if (status === 'online') return 'online';
      return 'away';
    },
    hasLocalUsers: () => local.size > 0,
    localPresence() {
      return [...local.keys()].map((userId) => [userId, this.localStatus(userId) ?? 'away']);
    },
    setPresence(process, userId, status, now) {
      return tracking([userId], () => set(process, userId, status, now));
    },
    replaceProcess(process, users, now) {
      const listed = new Set(users.map(([userId]) => userId));
      const held = [...presence].filter(([, processes]) => processes.has(process)).map(([userId]) => userId);
      return tracking([...listed, ...held], () => {
        for (const userId of held) if (!listed.has(userId)) set(process, userId, null, now);
        for (const [userId, status] of users) set(process, userId, status, now);
      });
    },
    expire(self, before) {
      const stale = [...presence].flatMap(([userId, processes]) =>
        [...processes]
          .filter(([process, entry]) => process !== self && entry.seenAt < before)
          .map(([process]) => ({ userId, process })),
      );
      if (stale.length === 0) return [];
      return tracking(
        stale.map((entry) => entry.userId),
        () => {
          for (const { userId, process } of stale) set(process, userId, null, 0);
        },
      );
    },
    presentUsers(self) {
      return [...presence.keys()]
        .filter((userId) => userId !== self)
        .map((userId) => ({ user_id: userId, status: overall(userId) as PresentStatus }));
    },
  };
}
