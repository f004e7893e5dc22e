import {
  Bell,
  BookOpen,
  Bot,
  Building2,
  CalendarClock,
  ChartColumn,
  CheckCheck,
  Contact,
  FileText,
  type IconNode,
  Inbox,
  Key,
  KeyRound,
  LayoutDashboard,
  ListChecks,
  MessageCircle,
  MessageSquare,
  UserCog,
  Users,
} from 'lucide';
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
  /**
   * The entry's lucide icon as data (`lucide`'s nodes, drawn by {@link NavIcon}): the navigation is in the
   * first load, where lucide-react's component runtime would not fit the budget (ADR 0053).
   */
  icon: IconNode;
}

/** The main navigation, in order. */
export const navItems: NavItem[] = [
  { to: '/', label: 'nav.dashboard', icon: LayoutDashboard },
  { to: '/agents', label: 'nav.agents', icon: Bot },
  { to: '/teams', label: 'nav.teams', icon: Users },
  { to: '/knowledge', label: 'nav.knowledge', icon: BookOpen },
  { to: '/playground', label: 'nav.playground', icon: MessageSquare },
  { to: '/inbox', label: 'nav.inbox', icon: Inbox },
  { to: '/contacts', label: 'nav.contacts', icon: Contact },
  { to: '/runs', label: 'nav.runs', icon: ListChecks },
  { to: '/approvals', label: 'nav.approvals', icon: CheckCheck },
  { to: '/schedules', label: 'nav.schedules', icon: CalendarClock },
  { to: '/prompt-templates', label: 'nav.promptTemplates', icon: FileText },
  { to: '/credentials', label: 'nav.credentials', icon: KeyRound },
  { to: '/whatsapp', label: 'nav.whatsapp', icon: MessageCircle },
  { to: '/usage', label: 'nav.usage', icon: ChartColumn },
  { to: '/members', label: 'nav.members', icon: UserCog },
  { to: '/api-keys', label: 'nav.apiKeys', icon: Key },
  { to: '/notifications', label: 'nav.notifications', icon: Bell },
  { to: '/settings/company', label: 'nav.company', icon: Building2 },
];
