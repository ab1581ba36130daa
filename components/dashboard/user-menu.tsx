"use client";
// The user menu: who is signed in, settings, sign out (a real form POST, so it
// works before JavaScript loads too).
import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { menuContentStyles, menuItemStyles } from "../ui/styles";

export function UserMenu({ email }: { email: string }) {
  return (
    <>
      <form id="sign-out-form" method="post" action="/auth/sign-out" className="hidden" />
      <Menu.Root>
        <Menu.Trigger
          className="flex max-w-48 items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 md:w-full md:max-w-full dark:hover:bg-zinc-800"
        >
          <span aria-hidden className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold uppercase dark:bg-zinc-700">
            {email.slice(0, 1)}
          </span>
          <span className="sr-only">Account menu: </span>
          <span data-testid="signed-in-email" className="truncate">
            {email}
          </span>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" sideOffset={4} className={menuContentStyles}>
            <Menu.Item asChild className={menuItemStyles}>
              <Link href="/settings">Settings</Link>
            </Menu.Item>
            <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            {/* Submitted from onSelect: the menu unmounts on select, before a click could submit. */}
            <Menu.Item className={menuItemStyles} onSelect={() => (document.getElementById("sign-out-form") as HTMLFormElement | null)?.requestSubmit()}>
              Sign out
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </>
  );
}
