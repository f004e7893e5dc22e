/**
 * The admin console's English strings every page may need (issue 16): the error codes of its routes and
 * the console link's name, spread into `messagesEn`. The console's own strings are in
 * `admin-console.en.ts`, which comes with its lazy chunk (ADR 0036).
 */
export const adminFirstLoadEn = {
  'error.PLAN_NOT_FOUND': 'This plan does not exist.',
  'error.PLAN_IN_USE': 'This plan is in use (by clients or as the default plan) and cannot be retired.',
  'error.LAST_PLATFORM_ADMIN': 'The platform must keep at least one platform admin.',
  'admin.console': 'Admin console',
  'error.MODEL_NOT_ENABLED': 'This model is not enabled on this platform; choose another.',
  'error.FEATURE_DISABLED': 'This feature is turned off on this platform.',
} as const;
