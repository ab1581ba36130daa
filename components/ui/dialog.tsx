"use client";
// A modal dialog on Radix Dialog: focus trap, Escape, inert background, focus back
// to where it was on close, labelled by its title and description.
import * as RadixDialog from "@radix-ui/react-dialog";
import { useEffect, useState } from "react";
import { buttonStyles } from "./styles";

export function Dialog({
  title,
  description,
  onClose,
  children,
}: {
  title: string;
  description?: React.ReactNode;
  onClose: () => void;
  children: React.ReactNode;
}) {
  // Our dialogs unmount when they close, so give focus back to whatever opened
  // them ourselves (captured at first render, before the dialog takes focus).
  const [returnTo] = useState(() => (typeof document === "undefined" ? null : (document.activeElement as HTMLElement | null)));
  useEffect(
    () => () => {
      requestAnimationFrame(() => {
        if (returnTo?.isConnected && !document.querySelector("[role=dialog]")) returnTo.focus();
      });
    },
    [returnTo],
  );
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content
          className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
          aria-modal="true"
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title className="text-lg font-semibold">{title}</RadixDialog.Title>
          {description && <RadixDialog.Description className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{description}</RadixDialog.Description>}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Cancel + the dialog's action. Without onConfirm the action submits the form. */
export function DialogActions(props: { onCancel: () => void; busy: boolean; label: string; busyLabel: string; onConfirm?: () => void; danger?: boolean }) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className={buttonStyles.secondary} onClick={props.onCancel} autoFocus={props.danger}>
        Cancel
      </button>
      <button
        type={props.onConfirm ? "button" : "submit"}
        className={props.danger ? buttonStyles.danger : buttonStyles.primary}
        onClick={props.onConfirm}
        disabled={props.busy}
      >
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}
