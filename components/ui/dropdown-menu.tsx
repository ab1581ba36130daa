"use client";
// A menu button on Radix DropdownMenu: arrow keys, typeahead, Escape, focus back to the button.
import * as Menu from "@radix-ui/react-dropdown-menu";
import { menuContentStyles, menuItemStyles } from "./styles";

export interface MenuAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
}

export function DropdownMenu({ trigger, label, items, align = "end" }: { trigger: React.ReactNode; label: string; items: (MenuAction | "separator")[]; align?: "start" | "end" }) {
  return (
    <Menu.Root>
      <Menu.Trigger aria-label={label} className="rounded-md px-2 py-1 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-zinc-800">
        {trigger}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align={align} sideOffset={4} className={menuContentStyles}>
          {items.map((item, i) =>
            item === "separator" ? (
              <Menu.Separator key={i} className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            ) : (
              <Menu.Item key={item.label} disabled={item.disabled} onSelect={item.onSelect} className={`${menuItemStyles} ${item.danger ? "text-red-700 dark:text-red-400" : ""}`}>
                {item.label}
              </Menu.Item>
            ),
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
