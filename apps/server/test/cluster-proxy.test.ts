import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startRoundRobinProxy } from '../../../scripts/cluster/round-robin-proxy.ts';

// The rest of the proxy (round robin, SSE unbuffered) is tested on real processes in cluster.test.ts.
describe("npm run cluster's proxy", () => {
  it('passes an upgrade (WebSocket) through, both ways, with X-Forwarded-For when asked', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const errors: Error[] = [];
    const echo = http.createServer();
    echo.on('upgrade', (request, socket) => {
      seen.push(request.headers);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const proxy = await startRoundRobinProxy({
      targets: () => [`http://127.0.0.1:${(echo.address() as AddressInfo).port}`],
      port: 0,
      forwardedFor: true,
      onError: (error) => errors.push(error),
    });
    try {
      const upgraded = await new Promise<Duplex>((resolve, reject) => {
        const request = http.request(`${proxy.url}/v1/ws?x=1`, {
          headers: { connection: 'Upgrade', upgrade: 'echo', 'x-forwarded-for': '198.51.100.7' },
        });
        request.on('upgrade', (_response, socket) => resolve(socket));
        request.on('error', reject);
        request.end();
      });
      const answer = new Promise<string>((resolve) =>
        upgraded.once('data', (chunk) => resolve(String(chunk))),
      );
      upgraded.write('ping');
      expect(await answer).toBe('ping');
      upgraded.destroy();
      expect(seen[0]).toMatchObject({ upgrade: 'echo', 'x-forwarded-for': '198.51.100.7, 127.0.0.1' });
      expect(errors).toEqual([]);
    } finally {
      await proxy.close();
      echo.closeAllConnections();
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});
