import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { redactUrl } from '../src/logger.ts';
import { openWsChannel } from '../src/realtime/ws-channel.ts';
import { defaultWsLimits } from '../src/realtime/ws-limits.ts';

/** The parts of a `ws` socket the channel uses, with a send buffer the test fills by hand. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: [number, string] | null = null;
  terminated = false;
  send(data: string) {
    this.sent.push(data);
    this.bufferedAmount += data.length;
  }
  close(code: number, reason: string) {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
  ping() {}
}

describe('a WebSocket channel', () => {
  it('disconnects a client that does not read once its send buffer passes the limit, instead of growing', () => {
    const socket = new FakeSocket();
    const channel = openWsChannel(socket as unknown as WebSocket, {
      limits: { ...defaultWsLimits, maxBufferedBytes: 100 },
      clock: () => 0,
    });
    for (let index = 0; index < 50; index++) channel.send({ type: 'pong' });
    expect(socket.sent.length).toBeLessThan(10);
    expect(socket.closedWith).toEqual([1013, 'Send buffer full: the client does not read']);
    expect(socket.terminated).toBe(true);
    expect(channel.signal.aborted).toBe(true);
  });

  it('counts frames in fixed windows of the injected clock', () => {
    let now = 0;
    const channel = openWsChannel(new FakeSocket() as unknown as WebSocket, {
      limits: { ...defaultWsLimits, framesPerWindow: 2, frameWindowMs: 1000 },
      clock: () => now,
    });
    expect([channel.admit(), channel.admit(), channel.admit()]).toEqual([true, true, false]);
    now = 1000;
    expect(channel.admit()).toBe(true);
  });

  it('never logs the credential of a /ws URL', () => {
    expect(redactUrl('/ws?token=eyJsecret&x=1')).toBe('/ws?token=[redacted]&x=1');
    expect(redactUrl('/ws?x=1&ticket=abc')).toBe('/ws?x=1&ticket=[redacted]');
  });
});
