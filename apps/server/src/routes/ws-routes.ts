import { AppError, wsCloseCodes, wsTicketSchema } from '@renum/contracts';
import {
  authenticate,
  issueWsTicket,
  type PlatformDeps,
  type Principal,
  type RunDeps,
  type RunManager,
  redeemWsTicket,
} from '@renum/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import { openWsChannel, type WsChannel } from '../realtime/ws-channel.ts';
import type { WsHub } from '../realtime/ws-hub.ts';
import type { WsLimits } from '../realtime/ws-limits.ts';
import { createWsSession } from '../realtime/ws-session.ts';
import { errorResponses, security } from './route-schemas.ts';

/** What the WebSocket routes need. */
export interface WsRouteContext {
  deps: PlatformDeps;
  run: RunDeps;
  manager: RunManager;
  hub: WsHub;
  limits: WsLimits;
  /** Origins a browser may open `/ws` from, besides the server's own (`Host`) and `publicUrl`'s. */
  allowedOrigins: readonly string[];
  publicUrl: string;
}

const wsQuerySchema = z.object({
  token: z.string().max(4096).optional(),
  ticket: z.string().max(4096).optional(),
});

/**
 * `GET /ws`: the real-time protocol of seed 003 (frames in `@renum/contracts`, `ws-frames.ts`). A browser
 * from an Origin not allowed is refused before the upgrade (403); an invalid token or ticket gets an
 * `AUTH_ERROR` frame and the close code 1008 "Invalid token". The query string (a credential) is never
 * logged: the route logs only warnings and the request serializer redacts it.
 */
export async function wsRoutes(app: FastifyInstance, context: WsRouteContext) {
  app.get(
    '/ws',
    {
      websocket: true,
      logLevel: 'warn',
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        if (!originAllowed(request, context)) {
          return reply.status(403).send({ error: 'Origin not allowed', code: 'FORBIDDEN' });
        }
      },
    },
    (socket: WebSocket, request: FastifyRequest) => acceptConnection(socket, request, context),
  );
}

/** `POST /v1/ws-tickets`, behind authentication: a 30-second single-use ticket for `GET /ws?ticket=`. */
export async function wsTicketRoutes(instance: FastifyInstance, context: { deps: PlatformDeps }) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/v1/ws-tickets',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Get a short-lived single-use ticket to open the WebSocket (GET /ws?ticket=)',
        security,
        response: { 201: wsTicketSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await issueWsTicket(context.deps, { principal: principalOf(request) })),
  );
}

function acceptConnection(socket: WebSocket, request: FastifyRequest, context: WsRouteContext): void {
  const channel = openWsChannel(socket, {
    limits: context.limits,
    clock: () => context.deps.clock().getTime(),
  });
  let session: ReturnType<typeof createWsSession> | null = null;
  // Never rejects: a failure anywhere in opening (a person without a client, a hub that cannot be joined)
  // ends this connection with an error frame, never the process (a rejection here had no handler).
  const ready = authenticateSocket(request, context.deps)
    .then(async (principal) => {
      if (!principal.clientId) throw new AppError('FORBIDDEN', 'The WebSocket needs a client membership');
      session = createWsSession({ ...context, log: request.log }, principal, channel);
      channel.send({ type: 'connected', user_id: principal.userId });
      const present = await context.hub.join(session.peer);
      if (channel.signal.aborted) {
        context.hub.leave(session.peer);
        return;
      }
      for (const person of present) channel.send({ type: 'presence', ...person });
    })
    .catch((error: unknown) => refuseConnection(channel, request, error));
  // Frames that arrive while the credential is checked wait; then every frame is handled in order.
  let queue: Promise<unknown> = ready;
  socket.on('message', (data, isBinary) => {
    const raw = isBinary ? '' : data.toString();
    queue = queue.then(() => session?.handle(raw));
  });
  socket.once('close', () => {
    void ready.then(() => {
      if (!session) return;
      session.close();
      context.hub.leave(session.peer);
    });
  });
}

/**
 * Ends a connection that could not be opened, with an error frame: a bad credential `AUTH_ERROR`, another
 * refusal its own code (both close 1008); anything else is logged and closes 1011 with `CONNECTION_ERROR`.
 */
function refuseConnection(channel: WsChannel, request: FastifyRequest, error: unknown): void {
  if (!AppError.isInstance(error)) {
    request.log.error({ err: error }, 'ws: opening the connection failed');
    channel.send({
      type: 'error',
      error: 'The connection could not be opened; try again',
      code: 'CONNECTION_ERROR',
    });
    channel.close(1011, 'Internal error');
    return;
  }
  const credential = error.code === 'AUTH_ERROR';
  channel.send({
    type: 'error',
    error: credential ? 'Invalid or expired token' : error.message,
    code: error.code,
  });
  channel.close(wsCloseCodes.policyViolation, credential ? 'Invalid token' : 'Refused');
}

async function authenticateSocket(request: FastifyRequest, deps: PlatformDeps): Promise<Principal> {
  const query = wsQuerySchema.safeParse(request.query);
  if (!query.success) throw new AppError('AUTH_ERROR', 'Invalid or expired token');
  if (query.data.ticket) return redeemWsTicket(deps, { ticket: query.data.ticket });
  if (query.data.token) return authenticate(deps, { credential: query.data.token });
  throw new AppError('AUTH_ERROR', 'Invalid or expired token');
}

/**
 * Browsers send `Origin` on a WebSocket handshake and, unlike `fetch`, are not stopped by CORS: without
 * this check any page could open the socket with a ticket it obtained. Clients that are not browsers send
 * no Origin and are let through (they authenticate like any API client).
 */
function originAllowed(request: FastifyRequest, context: WsRouteContext): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (context.allowedOrigins.includes(origin)) return true;
  try {
    const parsed = new URL(origin);
    if (parsed.origin === new URL(context.publicUrl).origin) return true;
    return parsed.host === request.headers.host;
  } catch {
    return false;
  }
}
