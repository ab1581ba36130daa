"use client";
// Toasts on Radix Toast (announced politely to screen readers; F8 moves focus to
// them), with an optional action such as "Undo". useToast() shows one.
import * as RadixToast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState } from "react";
import { buttonStyles } from "./styles";

interface ToastItem {
  id: number;
  message: string;
  tone?: "error";
  action?: { label: string; onAction: () => void };
}

const ToastContext = createContext<(t: Omit<ToastItem, "id">) => void>(() => {});

export function useToast() {
  return useContext(ToastContext);
}

let nextId = 0;

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const show = useCallback((t: Omit<ToastItem, "id">) => setToasts((all) => [...all.slice(-2), { ...t, id: ++nextId }]), []);
  const dismiss = (id: number) => setToasts((all) => all.filter((t) => t.id !== id));
  return (
    <ToastContext.Provider value={show}>
      <RadixToast.Provider swipeDirection="right" duration={8000}>
        {children}
        {toasts.map((t) => (
          <RadixToast.Root
            key={t.id}
            // Long enough to reach "Undo" (F8, then Tab); hover and focus pause it too.
            duration={t.action ? 20_000 : 6_000}
            onOpenChange={(open) => !open && dismiss(t.id)}
            className={`flex items-center justify-between gap-3 rounded-lg border p-3 text-sm shadow-lg ${
              t.tone === "error" ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
            }`}
          >
            <RadixToast.Description>{t.message}</RadixToast.Description>
            <span className="flex gap-2">
              {t.action && (
                <RadixToast.Action altText={`${t.action.label} (${t.message})`} asChild>
                  <button type="button" className={buttonStyles.secondary} onClick={t.action.onAction}>
                    {t.action.label}
                  </button>
                </RadixToast.Action>
              )}
              <RadixToast.Close aria-label="Dismiss" className={buttonStyles.ghost}>
                ×
              </RadixToast.Close>
            </span>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="fixed right-0 bottom-0 z-50 flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}
