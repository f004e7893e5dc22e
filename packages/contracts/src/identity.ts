import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/** Role of a person within a client. */
export const memberRoleSchema = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

/** Platform-wide role: platform admins run the admin console. */
export const platformRoleSchema = z.enum(['none', 'admin']);
export type PlatformRole = z.infer<typeof platformRoleSchema>;

/** Client (tenant) status: a suspended client's people and keys are refused. */
export const clientStatusSchema = z.enum(['active', 'suspended']);

/** An email address, trimmed and lower-cased (accounts and invitations compare it so). */
export const emailSchema = z
  .email()
  .max(254)
  .transform((email) => email.trim().toLowerCase());
const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

/** A client (company) as the API returns it. */
export const clientSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    slug: z.string(),
    status: clientStatusSchema,
    plan: z.string(),
    settings: z.record(z.string(), z.unknown()),
    prompt_logging_until: timestampSchema
      .nullable()
      .describe(
        "until when the worker logs this client's prompts (a platform admin's audited opt-in, ADR 0067); null or past: off",
      ),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Client' });
export type Client = z.infer<typeof clientSchema>;

/**
 * Whether a client's prompts are logged at `now` (ADR 0067): its `prompt_logging_until` is a moment still
 * to come. Off by default (null) and once the moment passes, with nobody turning it off.
 */
export function isPromptLoggingOn(until: Date | string | null | undefined, now: Date | number): boolean {
  if (until === null || until === undefined) return false;
  return new Date(until).getTime() > new Date(now).getTime();
}

/** A person as the API returns them (never a password hash). */
export const userSchema = z
  .object({
    id: uuidSchema,
    email: z.string(),
    name: z.string(),
    platform_role: platformRoleSchema,
    created_at: timestampSchema,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

/**
 * Body of `POST /v1/auth/signup`: creates a client (`client_name`) and its owner, or, with an
 * `invitation_token` addressed to `email`, an account that joins the inviting client instead.
 */
export const signupSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: z.string().trim().min(1).max(200),
    client_name: z.string().trim().min(1).max(200).optional(),
    invitation_token: z.string().min(16).max(200).optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.invitation_token === undefined && value.client_name === undefined)
      context.addIssue({
        code: 'custom',
        path: ['client_name'],
        message: 'is required without invitation_token',
      });
    if (value.invitation_token !== undefined && value.client_name !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['client_name'],
        message: 'must be absent with invitation_token (you join the inviting client)',
      });
  });
export type Signup = z.infer<typeof signupSchema>;

/**
 * Body of `POST /v1/auth/login`; `client_id` picks the client when the person belongs to several. With an
 * `invitation_token` addressed to `email`, the person joins the inviting client as they log in, and the
 * session opens there (a person with no client yet can log in this way).
 */
export const loginSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1).max(256),
    client_id: uuidSchema.optional(),
    invitation_token: z.string().min(16).max(200).optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.invitation_token !== undefined && value.client_id !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['client_id'],
        message: 'must be absent with invitation_token (the session opens in the inviting client)',
      });
  });
export type Login = z.infer<typeof loginSchema>;

/** Body of `POST /v1/auth/refresh` and `POST /v1/auth/logout`. */
export const refreshSchema = z.object({ refresh_token: z.string().min(16).max(512) }).strict();

/** Answer of signup, login and refresh. */
export const sessionSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    user: userSchema,
    client: clientSchema.nullable(),
    role: memberRoleSchema.nullable(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

/** Answer of `GET /v1/me`. */
export const meSchema = z.object({
  user: userSchema.nullable(),
  client: clientSchema.nullable(),
  role: memberRoleSchema.nullable(),
  auth: z.enum(['user', 'api_key']),
  memberships: z.array(z.object({ client_id: uuidSchema, client_name: z.string(), role: memberRoleSchema })),
  /** Set when the caller is a platform admin's read-only view-as session (ADR 0040). */
  view_as: z
    .object({ session_id: uuidSchema, reason: z.string(), expires_at: timestampSchema })
    .nullable()
    .optional(),
});
export type Me = z.infer<typeof meSchema>;

/** An API key as listed: never the secret, only its visible prefix. */
export const apiKeySchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    prefix: z.string(),
    role: memberRoleSchema,
    created_at: timestampSchema,
    last_used_at: timestampSchema.nullable(),
    expires_at: timestampSchema.nullable(),
    revoked_at: timestampSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKeySchema>;

/** Body of `POST /v1/api-keys`. */
export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: memberRoleSchema.exclude(['owner']).default('member'),
    expires_at: timestampSchema.optional(),
  })
  .strict();

/** Answer of `POST /v1/api-keys`: the secret appears here once and never again. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });

/** A member of a client. */
export const memberSchema = z
  .object({
    user_id: uuidSchema,
    email: z.string(),
    name: z.string(),
    role: memberRoleSchema,
    created_at: timestampSchema,
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;

/** Body of `PATCH /v1/members/{user_id}`. */
export const updateMemberSchema = z.object({ role: memberRoleSchema }).strict();

/** Body of `POST /v1/admin/clients`. */
export const adminCreateClientSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    plan: z.string().trim().min(1).max(50).optional(),
    owner: z
      .object({ email: emailSchema, name: z.string().trim().min(1).max(200), password: passwordSchema })
      .strict()
      .optional(),
  })
  .strict();

/** Body of `PATCH /v1/admin/clients/{id}`. */
export const adminUpdateClientSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    status: clientStatusSchema.optional(),
    plan: z.string().trim().min(1).max(50).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'at least one field is required' });
