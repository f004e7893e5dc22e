import { useState } from 'react';
import { useAuth } from '../auth/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';

/** The header's sign-out button, busy while the server revokes the session (builder and admin shells). */
export function LogoutButton() {
  const { t } = useI18n();
  const { logout } = useAuth();
  const [leaving, setLeaving] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      busy={leaving}
      onClick={async () => {
        setLeaving(true);
        try {
          await logout();
        } finally {
          setLeaving(false);
        }
      }}
    >
      {t('session.logout')}
    </Button>
  );
}
