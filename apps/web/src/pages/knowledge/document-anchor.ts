/**
 * The anchor of a document's row on its knowledge base's page: a citation's link ends in
 * `#document-<id>`, and the row with that id is scrolled to and outlined.
 */
export function documentAnchor(documentId: string): string {
  return `document-${documentId}`;
}
