/** English strings of the real-time screens (presence, inbox), spread into `messagesEn`. */
export const realtimeEn = {
  'presence.away': 'away',
} as const;
