import { AppError, type PublicChatLimits } from '@renum/contracts';
import type { PlatformDeps } from '../platform-deps.ts';

/** Which limit refused a visitor's message, as the page says it. */
export type PublicLimitScope = 'visitor' | 'ip' | 'agent_daily';

function refused(scope: PublicLimitScope, limit: number, retryAfter: number): AppError {
  const what = {
    visitor: 'You are sending messages too fast',
    ip: 'Too many messages from your network',
    agent_daily: 'This agent has answered all the messages it can today',
  }[scope];
  return new AppError('RATE_LIMITED', `${what}; try again in ${retryAfter} s`, {
    context: { scope, limit, retry_after: retryAfter },
  });
}

/**
 * Counts one visitor message against the per-visitor and per-IP minute limits and the agent's daily cap,
 * in that order, so a public agent cannot run up its client's bill.
 * @throws AppError `429 RATE_LIMITED` with `scope` (`visitor`, `ip`, `agent_daily`) and `retry_after`
 */
export async function admitVisitorMessage(
  deps: PlatformDeps,
  options: { agentId: string; visitorId: string; ip: string; dailyCap: number; limits: PublicChatLimits },
): Promise<void> {
  const checks: Array<{ scope: PublicLimitScope; key: string; limit: number; windowSeconds: number }> = [
    {
      scope: 'visitor',
      key: `public:visitor:${options.agentId}:${options.visitorId}`,
      limit: options.limits.perVisitorPerMinute,
      windowSeconds: 60,
    },
    {
      scope: 'ip',
      key: `public:ip:${options.agentId}:${options.ip}`,
      limit: options.limits.perIpPerMinute,
      windowSeconds: 60,
    },
    {
      scope: 'agent_daily',
      key: `public:day:${options.agentId}`,
      limit: options.dailyCap,
      windowSeconds: 86_400,
    },
  ];
  for (const check of checks) {
    const result = await deps.rateLimiter.hit(check);
    if (!result.allowed) throw refused(check.scope, check.limit, result.retryAfterSeconds);
  }
}
