// A point in time as the dashboard shows it: UTC, so the server's render and the browser's agree.
export function DateTime({ iso, empty = "—" }: { iso: string | null; empty?: string }) {
  if (!iso) return <>{empty}</>;
  return <time dateTime={iso}>{iso.slice(0, 16).replace("T", " ")} UTC</time>;
}
