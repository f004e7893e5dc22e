/** English texts of the view-as dialog, support access (view as, prompt logging) and global agents pages
 * (ADR 0040, ADR 0067): they come
 * with those lazy pages, never with the first load (ADR 0036). */
export const viewAsPagesEn = {
  'viewAs.title': 'View {name} as its team',
  'viewAs.description':
    'For support only: a read-only session of 30 minutes. The client’s owner sees it in their log, with your reason.',
  'viewAs.reason': 'Reason',
  'viewAs.start': 'Start read-only view',
  'viewAs.ended': 'The read-only view ended.',
  'viewAs.access.title': 'Support access',
  'viewAs.access.description': 'Platform admins who viewed your account (read-only), why, and until when.',
  'viewAs.access.entry': 'Platform admin {admin} viewed your account until {until}. Reason: {reason}',
  'viewAs.access.ended': 'Platform admin {admin} ended the view at {when}.',
  'viewAs.access.none': 'No platform admin has viewed your account.',
  'globalAgents.adminDescription':
    'Agents offered to every client. Clients copy one into their own agents; retiring stops offering it.',
  'globalAgents.create': 'New global agent',
  'globalAgents.edit': 'Edit',
  'globalAgents.editTitle': 'Edit {name}',
  'globalAgents.name': 'Name',
  'globalAgents.category': 'Category',
  'globalAgents.descriptionField': 'Description',
  'globalAgents.model': 'Model',
  'globalAgents.prompt': 'System prompt',
  'globalAgents.save': 'Save',
  'globalAgents.saved': 'Global agent saved.',
  'globalAgents.retire': 'Retire',
  'globalAgents.offerAgain': 'Offer again',
  'globalAgents.retired': 'Retired',
  'globalAgents.offered': 'Offered',
  'globalAgents.showRetired': 'Show retired',
  'globalAgents.empty': 'No global agent yet.',
  'globalAgents.caption': 'Global agents',
  'globalAgents.status': 'Status',
  'globalAgents.clientDescription': 'Ready-made agents. Copy one into your agents to use and edit it.',
  'globalAgents.copy': 'Copy into my agents',
  'globalAgents.copyPrompt': 'Copy prompt to my templates',
  'globalAgents.copied': 'Copied into your agents: {name}',
  'globalAgents.promptCopied': 'Prompt copied into your templates: {name}',
  // Prompt logging, the other support tool a client's owner sees (ADR 0067).
  'promptLogging.title': 'Prompt logging',
  'promptLogging.description':
    'While on, the worker logs this client’s prompts and answers (secrets masked) for debugging. Prompts hold personal data: it turns itself off when its time runs out, and the client’s owner sees who turned it on, why and until when.',
  'promptLogging.off': 'Off',
  'promptLogging.onUntil': 'On until {time}',
  'promptLogging.turnOn': 'Turn on',
  'promptLogging.newEnd': 'Set a new end',
  'promptLogging.turnOff': 'Turn off',
  'promptLogging.dialogTitle': 'Log the prompts of {name}',
  'promptLogging.dialogDescription':
    'For debugging only. Logging stops by itself after the minutes you give (at most 24 hours).',
  'promptLogging.minutes': 'Minutes (1 to 1440)',
  'promptLogging.reason': 'Reason (shown to the client’s owner)',
  'promptLogging.turnedOn': 'Prompt logging is on until {time}.',
  'promptLogging.turnedOff': 'Prompt logging is off.',
  'promptLogging.client.title': 'Prompt logging for support',
  'promptLogging.client.off':
    'Off: your conversations’ prompts and answers are not written to the platform’s logs.',
  'promptLogging.client.on':
    'On until {time}: a platform admin turned it on for debugging, so your conversations’ prompts and answers are written to the platform’s logs (secrets masked) until then.',
  'promptLogging.client.entryOn': 'Platform admin {admin} turned it on until {until}. Reason: {reason}',
  'promptLogging.client.entryOff': 'Platform admin {admin} turned it off.',
} as const;
