"use client";
// A labelled checkbox on Radix Checkbox (tri-state for "select all").
import * as RadixCheckbox from "@radix-ui/react-checkbox";

export function Checkbox({ checked, onCheckedChange, label }: { checked: boolean | "indeterminate"; onCheckedChange: (checked: boolean) => void; label: string }) {
  return (
    <RadixCheckbox.Root
      checked={checked}
      onCheckedChange={(c) => onCheckedChange(c === true)}
      aria-label={label}
      className="flex h-4 w-4 items-center justify-center rounded border border-zinc-400 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 data-[state=checked]:border-zinc-900 data-[state=checked]:bg-zinc-900 data-[state=indeterminate]:bg-zinc-900 dark:border-zinc-500 dark:bg-zinc-950 dark:data-[state=checked]:border-zinc-100 dark:data-[state=checked]:bg-zinc-100"
    >
      <RadixCheckbox.Indicator className="text-[10px] leading-none text-white dark:text-zinc-900" aria-hidden>
        {checked === "indeterminate" ? "–" : "✓"}
      </RadixCheckbox.Indicator>
    </RadixCheckbox.Root>
  );
}
