"use client";
// A tooltip on Radix Tooltip (shown on hover and keyboard focus).
import * as RadixTooltip from "@radix-ui/react-tooltip";

export function Tooltip({ content, children }: { content: React.ReactNode; children: React.ReactNode }) {
  return (
    <RadixTooltip.Provider delayDuration={300}>
      <RadixTooltip.Root>
        <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
        <RadixTooltip.Portal>
          <RadixTooltip.Content sideOffset={4} className="z-50 rounded bg-zinc-900 px-2 py-1 text-xs text-white shadow dark:bg-zinc-100 dark:text-zinc-900">
            {content}
          </RadixTooltip.Content>
        </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}

/** A small "?" button that explains the thing next to it (its text is also its accessible description). */
export function HelpTip({ text }: { text: string }) {
  return (
    <Tooltip content={text}>
      <button type="button" aria-label={text} className="ml-1 inline-flex h-4 w-4 items-center justify-center rounded-full border border-zinc-400 text-[10px] normal-case focus-visible:outline-2 focus-visible:outline-blue-600">
        ?
      </button>
    </Tooltip>
  );
}
