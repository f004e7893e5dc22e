import type { Message, WsClientFrame, WsServerFrame } from '@renum/contracts';

/** Where a {@link RealtimeConnection} stands. */
export type RealtimeStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Options of {@link createRealtimeConnection}. */
export interface RealtimeOptions {
  /** The `ws(s)://…/ws?ticket=…` URL to open, asked again before every attempt (a ticket works once). */
  url: () => Promise<string>;
  /** The WebSocket class. @defaultValue globalThis.WebSocket */
  WebSocket?: typeof WebSocket;
  /** Wait before the first reconnection; each further one doubles it. @defaultValue 1000 */
  reconnectDelayMs?: number;
  /** Longest wait between attempts. @defaultValue 30000 */
  maxReconnectDelayMs?: number;
}

/** A live connection to `/ws` that reconnects by itself and resumes without gaps or repeats. */
export interface RealtimeConnection {
  readonly status: RealtimeStatus;
  /** Receives every frame, after de-duplication (an event or message is delivered once). */
  on(listener: (frame: WsServerFrame) => void): () => void;
  onStatus(listener: (status: RealtimeStatus) => void): () => void;
  /**
   * Follows a conversation's run events after `afterSeq` (default: from now), kept across reconnections.
   */
  subscribe(conversationId: string, afterSeq?: number): void;
  unsubscribe(conversationId: string): void;
  /** Sends a frame now, or as soon as the connection is open. */
  send(frame: WsClientFrame): void;
  /** The people of the client present now (online or away, from `presence` frames), this person included. */
  online(): string[];
  /** A person's status: online, away, or offline when not present. */
  presenceOf(userId: string): 'online' | 'away' | 'offline';
  /** Sets this connection away or back online; remembered and told again after each reconnection. */
  setPresence(status: 'online' | 'away'): void;
  /** Closes for good. */
  close(): void;
}

/** Messages remembered for de-duplication. */
const rememberedMessages = 5000;

/**
 * Opens the WebSocket and keeps it open: after a drop it waits `reconnectDelayMs` (1 s), then doubles the
 * wait up to `maxReconnectDelayMs`; once connected again it sends one `sync` with the last `seq` seen of
 * every followed conversation and the newest message id seen, so what happened meanwhile arrives once and
 * in order. Events at or below a conversation's last `seq`, and messages already delivered, are dropped.
 * A close with 1008 (the credential was refused) ends it.
 */
export function createRealtimeConnection(options: RealtimeOptions): RealtimeConnection {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const baseDelay = options.reconnectDelayMs ?? 1000;
  const maxDelay = options.maxReconnectDelayMs ?? 30_000;
  const listeners = new Set<(frame: WsServerFrame) => void>();
  const statusListeners = new Set<(status: RealtimeStatus) => void>();
  // Followed conversations and the last seq delivered of each (null until the server says where it starts).
  const positions = new Map<string, number | null>();
  const seenMessages = new Set<string>();
  const onlineUsers = new Map<string, 'online' | 'away'>();
  let ownStatus: 'online' | 'away' = 'online';
  let newestMessageId: string | undefined;
  const outbox: WsClientFrame[] = [];
  let socket: WebSocket | null = null;
  let status: RealtimeStatus = 'connecting';
  let attempt = 0;
  let everConnected = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: RealtimeStatus) => {
    if (status === next) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };
  const emit = (frame: WsServerFrame) => {
    for (const listener of [...listeners]) listener(frame);
  };
  const write = (frame: WsClientFrame) => {
    if (socket && status === 'open') socket.send(JSON.stringify(frame));
    else outbox.push(frame);
  };
  const deliverMessage = (message: Message) => {
    if (seenMessages.has(message.id)) return;
    seenMessages.add(message.id);
    if (seenMessages.size > rememberedMessages) seenMessages.delete(seenMessages.values().next().value!);
    if (!newestMessageId || message.id > newestMessageId) newestMessageId = message.id;
    emit({ type: 'message', message });
  };

  const onConnected = (frame: WsServerFrame) => {
    const resuming = everConnected;
    // Presence is told again after each connection.
    onlineUsers.clear();
    if (frame.type === 'connected' && frame.user_id) onlineUsers.set(frame.user_id, ownStatus);
    everConnected = true;
    attempt = 0;
    setStatus('open');
    emit(frame);
    const known = [...positions].flatMap(([conversation_id, seq]) =>
      seq === null ? [] : [{ conversation_id, after_seq: seq }],
    );
    for (const [conversationId, seq] of positions) {
      if (seq === null) socket!.send(JSON.stringify({ type: 'subscribe', conversation_id: conversationId }));
    }
    if (resuming) {
      socket!.send(
        JSON.stringify({
          type: 'sync',
          conversations: known,
          ...(newestMessageId ? { last_message_id: newestMessageId } : {}),
        }),
      );
    } else if (known.length > 0) {
      socket!.send(JSON.stringify({ type: 'sync', conversations: known }));
    }
    if (ownStatus === 'away') socket!.send(JSON.stringify({ type: 'presence', status: 'away' }));
    for (const queued of outbox.splice(0)) socket!.send(JSON.stringify(queued));
  };

  const receive = (frame: WsServerFrame) => {
    switch (frame.type) {
      case 'connected':
        onConnected(frame);
        return;
      case 'subscribed':
        if (positions.has(frame.conversation_id) && positions.get(frame.conversation_id) === null) {
          positions.set(frame.conversation_id, frame.after_seq);
        }
        emit(frame);
        return;
      case 'event': {
        const conversationId = frame.event.conversation_id;
        if (conversationId && positions.has(conversationId)) {
          const last = positions.get(conversationId) ?? 0;
          if (frame.event.seq <= last) return;
          positions.set(conversationId, frame.event.seq);
        }
        emit(frame);
        return;
      }
      case 'message':
        deliverMessage(frame.message);
        return;
      case 'presence':
        if (frame.status === 'offline') onlineUsers.delete(frame.user_id);
        else onlineUsers.set(frame.user_id, frame.status);
        emit(frame);
        return;
      case 'sync_data':
        for (const message of frame.messages) deliverMessage(message);
        return;
      default:
        emit(frame);
    }
  };

  const scheduleReconnect = () => {
    if (stopped) return;
    setStatus('reconnecting');
    const delay = Math.min(maxDelay, baseDelay * 2 ** attempt);
    attempt++;
    timer = setTimeout(() => void open(), delay);
  };

  const open = async () => {
    if (stopped) return;
    let url: string;
    try {
      url = await options.url();
    } catch {
      scheduleReconnect();
      return;
    }
    if (stopped) return;
    const current = new Socket(url);
    socket = current;
    current.onmessage = (message) => {
      if (socket !== current || typeof message.data !== 'string') return;
      receive(JSON.parse(message.data) as WsServerFrame);
    };
    current.onclose = (closed) => {
      if (socket !== current) return;
      socket = null;
      if (stopped) return setStatus('closed');
      if (closed.code === 1008) {
        stopped = true;
        return setStatus('closed');
      }
      scheduleReconnect();
    };
  };

  void open();
  return {
    get status() {
      return status;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    subscribe(conversationId, afterSeq) {
      if (positions.has(conversationId)) return;
      positions.set(conversationId, afterSeq ?? null);
      if (socket && status === 'open') {
        socket.send(
          JSON.stringify({
            type: 'subscribe',
            conversation_id: conversationId,
            ...(afterSeq === undefined ? {} : { after_seq: afterSeq }),
          }),
        );
      }
    },
    online: () => [...onlineUsers.keys()],
    presenceOf: (userId) => onlineUsers.get(userId) ?? 'offline',
    setPresence(next) {
      if (ownStatus === next) return;
      ownStatus = next;
      if (socket && status === 'open') socket.send(JSON.stringify({ type: 'presence', status: next }));
    },
    unsubscribe(conversationId) {
      if (!positions.delete(conversationId)) return;
      if (socket && status === 'open') {
        socket.send(JSON.stringify({ type: 'unsubscribe', conversation_id: conversationId }));
      }
    },
    send: write,
    close() {
      stopped = true;
      clearTimeout(timer);
      socket?.close(1000, 'Closed by the client');
      if (!socket) setStatus('closed');
    },
  };
}
