import type { WsServerFrame } from '@renum/contracts';
import { type Broadcast, createMemoryBroadcast } from '@renum/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsHub, type WsHub, type WsPeer } from '../src/realtime/ws-hub.ts';

/** A process's view of the shared broadcast that can be cut, as a SIGKILL cuts it: nothing in or out. */
function cuttable(shared: Broadcast) {
  let cut = false;
  const broadcast: Broadcast = {
    async publish(topic, message) {
      if (!cut) await shared.publish(topic, message);
    },
    async subscribe(topic, listener) {
      return shared.subscribe(topic, (message) => {
        if (!cut) listener(message);
      });
    },
  };
  return { broadcast, cut: () => (cut = true) };
}

function peer(clientId: string, userId: string | null) {
  const frames: WsServerFrame[] = [];
  const value: WsPeer & { frames: WsServerFrame[] } = {
    clientId,
    userId,
    frames,
    send: (frame) => frames.push(frame),
  };
  return value;
}

const presenceOf = (frames: WsServerFrame[], userId: string) =>
  frames.flatMap((frame) => (frame.type === 'presence' && frame.user_id === userId ? [frame.status] : []));

/** Polls until `check` passes (generous: the machine may be loaded). */
async function eventually(check: () => void, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('WebSocket presence across processes', () => {
  const hubs: WsHub[] = [];
  afterEach(() => {
    for (const hub of hubs.splice(0)) hub.close();
  });
  const errors: unknown[] = [];
  const hubOn = (broadcast: Broadcast, name: string) => {
    const hub = createWsHub({
      broadcast,
      process: name,
      onError: (error) => errors.push(error),
      presence: { refreshMs: 20, expireMs: 150 },
    });
    hubs.push(hub);
    return hub;
  };

  it('takes the people of a killed process offline once it stops repeating them (no ghost online)', async () => {
    const shared = createMemoryBroadcast();
    const doomed = cuttable(shared);
    const survivor = hubOn(shared, 'a');
    const victim = hubOn(doomed.broadcast, 'b');
    const watcher = peer('client-1', 'ana');
    await survivor.join(watcher);
    await victim.join(peer('client-1', 'bruno'));
    expect(presenceOf(watcher.frames, 'bruno')).toEqual(['online']);

    // Alive repeats keep Bruno online well past the expiry while his process lives.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(presenceOf(watcher.frames, 'bruno')).toEqual(['online']);

    doomed.cut();
    await eventually(() => expect(presenceOf(watcher.frames, 'bruno')).toEqual(['online', 'offline']));
    // A newcomer on the surviving process is not told Bruno is online either.
    expect(await survivor.join(peer('client-1', 'carla'))).toEqual([{ user_id: 'ana', status: 'online' }]);
    expect(errors).toEqual([]);
  });

  it('shows a person away only when every connection of theirs is, in every process', async () => {
    const shared = createMemoryBroadcast();
    const first = hubOn(shared, 'a');
    const second = hubOn(shared, 'b');
    const watcher = peer('client-1', 'ana');
    await first.join(watcher);
    const laptop = peer('client-1', 'bruno');
    const phone = peer('client-1', 'bruno');
    await first.join(laptop);
    await second.join(phone);

    first.setStatus(laptop, 'away');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(presenceOf(watcher.frames, 'bruno')).toEqual(['online']);
    second.setStatus(phone, 'away');
    await eventually(() => expect(presenceOf(watcher.frames, 'bruno')).toEqual(['online', 'away']));
    // A newcomer learns he is away, not online.
    const late = peer('client-1', 'carla');
    expect(await second.join(late)).toEqual(expect.arrayContaining([{ user_id: 'bruno', status: 'away' }]));
    second.setStatus(phone, 'online');
    await eventually(() => expect(presenceOf(watcher.frames, 'bruno')).toEqual(['online', 'away', 'online']));
    // Another client's people never hear of it.
    const stranger = peer('client-2', 'zeca');
    await first.join(stranger);
    first.setStatus(laptop, 'online');
    second.leave(phone);
    first.leave(laptop);
    await eventually(() => expect(presenceOf(watcher.frames, 'bruno').at(-1)).toBe('offline'));
    expect(presenceOf(stranger.frames, 'bruno')).toEqual([]);
  });
});
