"use client";
// A popover on Radix Popover (focus moves in, Escape closes, focus returns).
import * as RadixPopover from "@radix-ui/react-popover";
import { buttonStyles, menuContentStyles } from "./styles";

export function Popover({ label, trigger, children }: { label: string; trigger: React.ReactNode; children: React.ReactNode }) {
  return (
    <RadixPopover.Root>
      <RadixPopover.Trigger className={buttonStyles.secondary}>
        <span className="sr-only">{label}: </span>
        {trigger}
      </RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content align="start" sideOffset={4} className={`${menuContentStyles} w-72 p-3`} aria-label={label}>
          {children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  );
}
