/** English strings of the playground's conversation list (issue 17), spread into `messagesEn`. */
export const playgroundEn = {
  'playground.rename': 'Rename',
  'playground.renameLabel': 'Rename “{title}”',
  'playground.renameTitle': 'Rename conversation',
  'playground.titleField': 'Title',
  'playground.save': 'Save',
  'playground.delete': 'Delete',
  'playground.deleteLabel': 'Delete “{title}”',
  'playground.deleteTitle': 'Delete this conversation?',
  'playground.deleteDescription':
    'Its messages and runs are deleted for good. Usage already counted stays on the bill.',
  'playground.copy': 'Copy',
  'playground.copied': 'Copied',
} as const;
