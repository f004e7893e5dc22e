/** Brazilian Portuguese strings of the real-time screens, spread into `messagesPtBr`. */
export const realtimePtBr = {
  'presence.away': 'ausente',
};
