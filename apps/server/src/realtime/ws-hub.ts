import type { WsPresenceStatus, WsServerFrame } from '@renum/contracts';
import type { Broadcast } from '@renum/platform';
import {
  type ClientRoom,
  createRoom,
  type PresenceChange,
  type PresenceEntry,
  type PresentStatus,
} from './ws-room.ts';

/** A connection as the hub sees it: whose it is and how to hand it a frame. */
export interface WsPeer {
  readonly clientId: string;
  /** The person; null for an API key (it sees the client's frames but has no presence). */
  readonly userId: string | null;
  send(frame: WsServerFrame): void;
}

/** A person online or away, as `join` tells a newcomer. */
export interface WsPresence {
  user_id: string;
  status: PresentStatus;
}

/** What one process tells the others on a client's topic. */
type HubMessage =
  | { kind: 'frame'; frame: WsServerFrame }
  | { kind: 'presence'; process: string; user_id: string; status: WsPresenceStatus }
  | { kind: 'alive'; process: string; users: PresenceEntry[] }
  | { kind: 'hello'; process: string };

/** How presence survives a process that dies without saying goodbye. */
export interface WsPresenceTiming {
  /** How often a process repeats who it holds (`alive`). @defaultValue 10000 */
  refreshMs: number;
  /**
   * How long another process's word counts without a repeat: past it, its people go offline here (a
   * killed process leaves no ghost "online"). @defaultValue 35000
   */
  expireMs: number;
}

/** The defaults of {@link WsPresenceTiming}. */
export const defaultPresenceTiming: WsPresenceTiming = { refreshMs: 10_000, expireMs: 35_000 };

/**
 * The connections of one process, grouped by client (seed 003's ConnectionManager), and what they share
 * with the other processes of a deployment through the {@link Broadcast} port (Redis pub/sub, or memory
 * for one process): typing, presence and read receipts are published on the client's topic and delivered
 * to the client's connections in every process, never to another client's. Presence is a person's being
 * connected to any process: `online` when any of their connections is, `away` when all of them said so,
 * `offline` with none. Each process announces changes, repeats the people it holds every `refreshMs`
 * (`alive`), and forgets what another process said once `expireMs` passed without a repeat; a newcomer
 * process asks (`hello`) so it learns who is already online elsewhere.
 */
export interface WsHub {
  /**
   * Adds a connection (online); resolves once its client's topic is live, with the other people online
   * or away then (the person's own `online` comes as a frame when this is their first connection).
   */
  join(peer: WsPeer): Promise<WsPresence[]>;
  /** Sets a connection online or away (a `presence` frame from the client). */
  setStatus(peer: WsPeer, status: PresentStatus): void;
  /** Removes a connection; its person goes offline when it was their last one anywhere. */
  leave(peer: WsPeer): void;
  /** Delivers a frame to every connection of the client, in every process. */
  publish(clientId: string, frame: WsServerFrame): void;
  /** Connections held by this process. */
  readonly size: number;
  /** Stops the refresh timer (the process is stopping). */
  close(): void;
}

/** The broadcast topic of a client's connections, in every process. */
export const clientTopic = (clientId: string) => `ws:client:${clientId}`;

/**
 * Delivers a frame to every connection of the client in every process, from a process that need not
 * hold any (a worker publishing ingestion progress): what {@link WsHub.publish} does.
 */
export function publishClientFrame(
  broadcast: Broadcast,
  clientId: string,
  frame: WsServerFrame,
): Promise<void> {
  const message: HubMessage = { kind: 'frame', frame };
  return broadcast.publish(clientTopic(clientId), JSON.stringify(message));
}

/** Creates the hub of one process. `process` names it on the shared topics (unique per process). */
export function createWsHub(options: {
  broadcast: Broadcast;
  process: string;
  onError: (error: unknown) => void;
  presence?: Partial<WsPresenceTiming> | undefined;
  /** Milliseconds now. @defaultValue Date.now */
  clock?: () => number;
}): WsHub {
  const { broadcast, process, onError } = options;
  const timing = { ...defaultPresenceTiming, ...options.presence };
  const clock = options.clock ?? Date.now;
  const clients = new Map<string, ClientRoom>();
  let size = 0;
  const topicOf = clientTopic;
  const send = (clientId: string, message: HubMessage) => {
    broadcast.publish(topicOf(clientId), JSON.stringify(message)).catch(onError);
  };

  const roomOf = async (clientId: string): Promise<ClientRoom> => {
    const existing = clients.get(clientId);
    if (existing) {
      await existing.ready;
      return existing;
    }
    const room = createRoom(clientId);
    clients.set(clientId, room);
    room.ready = broadcast
      .subscribe(topicOf(clientId), (raw) => receive(room, raw))
      .then((unsubscribe) => {
        room.unsubscribe = unsubscribe;
        send(clientId, { kind: 'hello', process });
      });
    await room.ready;
    return room;
  };

  /** Tells this process's connections of the people whose status changed. */
  const announce = (room: ClientRoom, changes: PresenceChange[]) => {
    for (const change of changes) {
      const frame: WsServerFrame = { type: 'presence', user_id: change.user_id, status: change.status };
      for (const peer of room.peers) peer.send(frame);
    }
  };

  const receive = (room: ClientRoom, raw: string) => {
    let message: HubMessage;
    try {
      message = JSON.parse(raw) as HubMessage;
    } catch (error) {
      onError(new Error('ws: unreadable hub message', { cause: error }));
      return;
    }
    const now = clock();
    if (message.kind === 'frame') {
      for (const peer of room.peers) peer.send(message.frame);
    } else if (message.kind === 'hello') {
      if (message.process !== process) sendAlive(room);
    } else if (message.kind === 'alive') {
      announce(room, room.replaceProcess(message.process, message.users, now));
    } else {
      const status = message.status === 'offline' ? null : message.status;
      announce(room, room.setPresence(message.process, message.user_id, status, now));
    }
  };

  const sendAlive = (room: ClientRoom) => {
    send(room.clientId, { kind: 'alive', process, users: room.localPresence() });
  };

  const announceLocal = (room: ClientRoom, userId: string, before: PresentStatus | null) => {
    const after = room.localStatus(userId);
    if (after === before) return;
    send(room.clientId, { kind: 'presence', process, user_id: userId, status: after ?? 'offline' });
  };

  const refresh = setInterval(() => {
    const now = clock();
    for (const room of clients.values()) {
      if (room.hasLocalUsers()) sendAlive(room);
      announce(room, room.expire(process, now - timing.expireMs));
    }
  }, timing.refreshMs);
  refresh.unref();

  return {
    async join(peer) {
      const room = await roomOf(peer.clientId);
      // Who is present before this connection; what changes from now on arrives as frames.
      const present = room.presentUsers(peer.userId);
      room.peers.add(peer);
      size++;
      if (peer.userId) {
        const before = room.localStatus(peer.userId);
        room.setLocal(peer.userId, peer, 'online');
        announceLocal(room, peer.userId, before);
      }
      return present;
    },
    setStatus(peer, status) {
      const room = clients.get(peer.clientId);
      if (!peer.userId || !room?.peers.has(peer)) return;
      const before = room.localStatus(peer.userId);
      room.setLocal(peer.userId, peer, status);
      announceLocal(room, peer.userId, before);
    },
    leave(peer) {
      const room = clients.get(peer.clientId);
      if (!room?.peers.delete(peer)) return;
      size--;
      if (peer.userId) {
        const before = room.localStatus(peer.userId);
        room.setLocal(peer.userId, peer, null);
        announceLocal(room, peer.userId, before);
      }
      if (room.peers.size === 0) {
        // Kept until the offline above went out on the topic; then the topic is left.
        clients.delete(peer.clientId);
        setImmediate(() => room.unsubscribe?.());
      }
    },
    publish(clientId, frame) {
      send(clientId, { kind: 'frame', frame });
    },
    get size() {
      return size;
    },
    close() {
      clearInterval(refresh);
    },
  };
}
