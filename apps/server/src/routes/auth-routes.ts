import { loginSchema, refreshSchema, sessionSchema, signupSchema } from '@renum/contracts';
import { login, logout, refreshSession, signup } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from './route-context.ts';
import { errorResponses } from './route-schemas.ts';

/** Public identity routes: signup, login, refresh (rotating), logout. */
export async function authRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  app.post(
    '/v1/auth/signup',
    {
      schema: {
        tags,
        summary: 'Create a client and its owner',
        body: signupSchema,
        response: { 201: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await signup(deps, { input: request.body, ip: request.ip })),
  );
  app.post(
    '/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in',
        body: loginSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request) => login(deps, { input: request.body, ip: request.ip }),
  );
  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair; reusing a spent one revokes the session',
        body: refreshSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request) => refreshSession(deps, { refreshToken: request.body.refresh_token }),
  );
  app.post(
    '/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the session of a refresh token',
        body: refreshSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await logout(deps, { refreshToken: request.body.refresh_token });
      return reply.status(204).send(null);
    },
  );
}
