/**
 * Saves text the page already holds as a file, through a temporary link: no
 * second request. The byte-order mark makes spreadsheets read it as UTF-8.
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a moment later: revoking at once may cancel the download before it starts.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
