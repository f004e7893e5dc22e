import type { WsPresenceStatus, WsServerFrame } from '@renum/contracts';
import type { Broadcast } from '@renum/platform';

/** A connection as the hub sees it: whose it is and how to hand it a frame. */
export interface WsPeer {
  readonly clientId: string;
  /** The person; null for an API key (it sees the client's frames but has no presence). */
  readonly userId: string | null;
  send(frame: WsServerFrame): void;
}

/** What one process tells the others on a client's topic. */
type HubMessage =
  | { kind: 'frame'; frame: WsServerFrame }
  | { kind: 'presence'; process: string; user_id: string; status: WsPresenceStatus }
  | { kind: 'hello'; process: string };

/**
 * The connections of one process, grouped by client (seed 003's ConnectionManager), and what they share
 * with the other processes of a deployment through the {@link Broadcast} port (Redis pub/sub, or memory
 * for one process): typing, presence and read receipts are published on the client's topic and delivered
 * to the client's connections in every process, never to another client's. Presence is a person's being
 * connected to any process: each process announces the people it holds, and a newcomer process asks
 * (`hello`) so it learns who is already online elsewhere.
 */
export interface WsHub {
  /**
   * Adds a connection; resolves once its client's topic is live, with the other people online then
   * (the person's own `online` comes as a frame when this is their first connection).
   */
  join(peer: WsPeer): Promise<string[]>;
  /** Removes a connection; its person goes offline when it was their last one anywhere. */
  leave(peer: WsPeer): void;
  /** Delivers a frame to every connection of the client, in every process. */
  publish(clientId: string, frame: WsServerFrame): void;
  /** Connections held by this process. */
  readonly size: number;
}

/** Creates the hub of one process. `process` names it on the shared topics (unique per process). */
export function createWsHub(options: {
  broadcast: Broadcast;
  process: string;
  onError: (error: unknown) => void;
}): WsHub {
  const { broadcast, process, onError } = options;
  const clients = new Map<string, ClientRoom>();
  let size = 0;
  const topicOf = (clientId: string) => `ws:client:${clientId}`;
  const send = (clientId: string, message: HubMessage) => {
    broadcast.publish(topicOf(clientId), JSON.stringify(message)).catch(onError);
  };

  const roomOf = async (clientId: string): Promise<ClientRoom> => {
    const existing = clients.get(clientId);
    if (existing) {
      await existing.ready;
      return existing;
    }
    const room = createRoom();
    clients.set(clientId, room);
    room.ready = broadcast
      .subscribe(topicOf(clientId), (raw) => receive(clientId, room, raw))
      .then((unsubscribe) => {
        room.unsubscribe = unsubscribe;
        send(clientId, { kind: 'hello', process });
      });
    await room.ready;
    return room;
  };

  const receive = (clientId: string, room: ClientRoom, raw: string) => {
    const message = JSON.parse(raw) as HubMessage;
    if (message.kind === 'frame') {
      for (const peer of room.peers) peer.send(message.frame);
    } else if (message.kind === 'hello') {
      if (message.process === process) return;
      for (const userId of room.localUsers.keys()) {
        send(clientId, { kind: 'presence', process, user_id: userId, status: 'online' });
      }
    } else {
      const wasOnline = room.isOnline(message.user_id);
      room.setPresence(message.process, message.user_id, message.status === 'online');
      const isOnline = room.isOnline(message.user_id);
      if (wasOnline === isOnline) return;
      const frame: WsServerFrame = {
        type: 'presence',
        user_id: message.user_id,
        status: isOnline ? 'online' : 'offline',
      };
      for (const peer of room.peers) peer.send(frame);
    }
  };

  return {
    async join(peer) {
      const room = await roomOf(peer.clientId);
      // Who is online before this connection; what changes from now on arrives as frames.
      const online = room.onlineUsers(peer.userId);
      room.peers.add(peer);
      size++;
      if (peer.userId) {
        const count = room.localUsers.get(peer.userId) ?? 0;
        room.localUsers.set(peer.userId, count + 1);
        if (count === 0)
          send(peer.clientId, { kind: 'presence', process, user_id: peer.userId, status: 'online' });
      }
      return online;
    },
    leave(peer) {
      const room = clients.get(peer.clientId);
      if (!room?.peers.delete(peer)) return;
      size--;
      if (peer.userId) {
        const count = (room.localUsers.get(peer.userId) ?? 1) - 1;
        if (count > 0) room.localUsers.set(peer.userId, count);
        else {
          room.localUsers.delete(peer.userId);
          send(peer.clientId, { kind: 'presence', process, user_id: peer.userId, status: 'offline' });
        }
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
  };
}

/** The connections of one client in this process, and who is online in every process. */
interface ClientRoom {
  peers: Set<WsPeer>;
  /** People connected to this process, with their number of connections. */
  localUsers: Map<string, number>;
  ready: Promise<void>;
  unsubscribe?: () => void;
  setPresence(process: string, userId: string, online: boolean): void;
  isOnline(userId: string): boolean;
  /** Everyone online but `self`. */
  onlineUsers(self: string | null): string[];
}

function createRoom(): ClientRoom {
  // Each person's processes that hold at least one of their connections (this one included).
  const presence = new Map<string, Set<string>>();
  return {
    peers: new Set(),
    localUsers: new Map(),
    ready: Promise.resolve(),
    setPresence(process, userId, online) {
      const processes = presence.get(userId) ?? new Set<string>();
      if (online) processes.add(process);
      else processes.delete(process);
      if (processes.size > 0) presence.set(userId, processes);
      else presence.delete(userId);
    },
    isOnline(userId) {
      return presence.has(userId);
    },
    onlineUsers(self) {
      return [...presence.keys()].filter((userId) => userId !== self);
    },
  };
}
