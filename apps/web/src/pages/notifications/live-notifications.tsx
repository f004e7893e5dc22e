import { useLiveNotifications } from './use-live-notifications.ts';

/**
 * Follows the client's notifications on the WebSocket; renders nothing (a frame re-renders only it).
 * Loaded lazily by the layout, after the first page.
 */
export default function LiveNotifications() {
  useLiveNotifications();
  return null;
}
