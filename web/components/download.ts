/** An object URL for a text download (JSON). The page keeps it for its lifetime; nothing is uploaded. */
export function downloadUrl(content: string): string {
  return URL.createObjectURL(new Blob([content], { type: 'application/json' }));
}
