// The header row every data table shares: column titles (optionally hidden on small
// screens), and a last, visually hidden "Actions" column when rows have actions.
export interface Column {
  label: React.ReactNode;
  key?: string;
  /** Hide below this breakpoint. */
  hideBelow?: "sm" | "md";
  className?: string;
}

const HIDE = { sm: "hidden sm:table-cell", md: "hidden md:table-cell" } as const;

export const tableHeadStyles = "bg-zinc-50 text-xs tracking-wide text-zinc-600 uppercase dark:bg-zinc-950 dark:text-zinc-400";

export function TableHead({ columns, actions = false, className = tableHeadStyles, cell = "px-3 py-2" }: { columns: Column[]; actions?: boolean; className?: string; cell?: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c, i) => (
          <th key={c.key ?? (typeof c.label === "string" ? c.label : i)} scope="col" className={`${cell} font-medium ${c.hideBelow ? HIDE[c.hideBelow] : ""} ${c.className ?? ""}`}>
            {c.label}
          </th>
        ))}
        {actions && (
          <th scope="col" className={cell}>
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
