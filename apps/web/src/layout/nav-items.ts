import type { MessageKey } from '../i18n/messages-en.ts';

/** One entry of the main navigation. */
export interface NavItem {
  to:
    | '/'
    | '/agents'
    | '/teams'
    | '/knowledge'
    | '/playground'
    | '/inbox'
    | '/runs'
    | '/approvals'
    | '/schedules'
    | '/credentials'
    | '/whatsapp'
    | '/usage'
    | '/members'
    | '/api-keys'
    | '/prompt-templates'
    | '/contacts'
    | '/notifications'
    | '/settings/company';
  label: MessageKey;
  /** An SVG path (24×24 viewBox) drawn as the entry's icon. */
  icon: string;
}

/** The main navigation, in order. */
export const navItems: NavItem[] = [
  { to: '/', label: 'nav.dashboard', icon: 'M3 13h8V3H3zm0 8h8v-6H3zm10 0h8V11h-8zm0-18v6h8V3z' },
  {
    to: '/agents',
    label: 'nav.agents',
    icon: 'M12 2a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm0 10c4.4 0 8 2 8 5v3H4v-3c0-3 3.6-5 8-5z',
  },
  {
    to: '/teams',
    label: 'nav.teams',
    icon: 'M8 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm8 0a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM2 19c0-3 2.7-5 6-5s6 2 6 5v1H2zm12.5-4.6c.9-.3 1.7-.4 2.5-.4 3.3 0 5 2 5 5v1h-6v-1c0-1.7-.5-3.3-1.5-4.6z',
  },
  {
    to: '/knowledge',
    label: 'nav.knowledge',
    icon: 'M4 4h7a3 3 0 0 1 3 3v13a2 2 0 0 0-2-2H4zm16 0h-5a3 3 0 0 0-1 .2V20a2 2 0 0 1 2-2h4z',
  },
  { to: '/playground', label: 'nav.playground', icon: 'M4 4h16v12H7l-3 3zm4 5h8v2H8z' },
  { to: '/inbox', label: 'nav.inbox', icon: 'M3 5h18v14H3zm2 2v6h4l1 2h4l1-2h4V7z' },
  {
    to: '/contacts',
    label: 'nav.contacts',
    icon: 'M12 12a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm-8 8v-1c0-3 3.6-5 8-5s8 2 8 5v1zM2 5h2v14H2zm18 0h2v14h-2z',
  },
  { to: '/runs', label: 'nav.runs', icon: 'M4 5h16v2H4zm0 6h10v2H4zm0 6h16v2H4z' },
  { to: '/approvals', label: 'nav.approvals', icon: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z' },
  {
    to: '/schedules',
    label: 'nav.schedules',
    icon: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm1 5h-2v6l5 3 1-1.7-4-2.3z',
  },
  {
    to: '/prompt-templates',
    label: 'nav.promptTemplates',
    icon: 'M6 2h9l5 5v15H6zm8 1.5V8h4.5zM8 12h8v2H8zm0 4h8v2H8z',
  },
  {
    to: '/credentials',
    label: 'nav.credentials',
    icon: 'M7 14a3 3 0 1 1 0-6 3 3 0 0 1 0 6zm5-4h10v3h-2v3h-3v-3h-5z',
  },
  {
    to: '/whatsapp',
    label: 'nav.whatsapp',
    icon: 'M12 2a10 10 0 0 0-8.7 14.9L2 22l5.2-1.3A10 10 0 1 0 12 2zm0 2a8 8 0 1 1-4.1 14.9l-.3-.2-3 .8.8-2.9-.2-.3A8 8 0 0 1 12 4zm-3 4c-.3 0-.7.1-.9.5-.3.4-1 1-1 2.4s1 2.8 1.2 3c.1.2 2 3.2 5 4.3 2.4.9 2.9.8 3.5.7.5-.1 1.7-.7 1.9-1.4.2-.7.2-1.3.2-1.4-.1-.1-.3-.2-.6-.4l-2-1c-.3-.1-.5-.1-.7.2l-.9 1.1c-.2.2-.3.2-.6.1-.3-.2-1.2-.5-2.3-1.4-.8-.7-1.4-1.6-1.6-1.9-.2-.3 0-.4.1-.6l.5-.5.3-.5v-.5l-.9-2.2c-.2-.5-.5-.5-.7-.5z',
  },
  { to: '/usage', label: 'nav.usage', icon: 'M4 20V10h3v10zm6 0V4h3v16zm6 0v-7h3v7z' },
  {
    to: '/members',
    label: 'nav.members',
    icon: 'M9 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm0 2c4 0 7 2 7 5v2H2v-2c0-3 3-5 7-5zm8-2h5v2h-5zm2-3v7h-2V8z',
  },
  {
    to: '/api-keys',
    label: 'nav.apiKeys',
    icon: 'M14 3a7 7 0 0 1 0 14h-1l-2 2H9v2H7v2H3v-4l7.3-7.3A7 7 0 0 1 14 3zm2 4a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  },
  {
    to: '/notifications',
    label: 'nav.notifications',
    icon: 'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6V11c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z',
  },
  {
    to: '/settings/company',
    label: 'nav.company',
    icon: 'M3 21V7l6-4v4l6-4v6h6v12zm4-2h2v-2H7zm0-4h2v-2H7zm4 4h2v-2h-2zm0-4h2v-2h-2zm6 4h2v-2h-2zm0-4h2v-2h-2z',
  },
];
