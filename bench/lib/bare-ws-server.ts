/**
 * The baseline of the WebSocket benchmark: a bare `ws` server that relays every message it receives to
 * every other connection opened on the same path (a path stands for a Renum client), with no
 * authentication, validation or limits. Prints `listening <port>`.
 */
import { type WebSocket, WebSocketServer } from 'ws';

const groups = new Map<string, Set<WebSocket>>();
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const path = request.url ?? '/';
  const group = groups.get(path) ?? new Set<WebSocket>();
  groups.set(path, group);
  group.add(socket);
  socket.on('close', () => group.delete(socket));
  socket.on('message', (data, isBinary) => {
    for (const client of group) {
      if (client !== socket && client.readyState === client.OPEN) client.send(data, { binary: isBinary });
    }
  });
});
server.on('listening', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
