/** English strings of issue 17's visual step (the command palette), spread into `messagesEn`. */
export const visualEn = {
  'palette.open': 'Search',
  'palette.title': 'Go to',
  'palette.placeholder': 'Search pages, agents and conversations…',
  'palette.empty': 'Nothing matches.',
  'palette.pages': 'Pages',
  'palette.agents': 'Agents',
  'palette.conversations': 'Conversations',
  'palette.newAgent': 'New agent',
  'palette.untitled': 'Untitled conversation',
  'palette.loading': 'Loading agents and conversations…',
};
