import { users } from '@renum/db';

/** The columns of a person the API may answer with: never the password hash. */
export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  platform_role: users.platform_role,
  created_at: users.created_at,
};
