"use client";
// Pause / resume an app: a paused app can no longer add or change memories, and
// assistants no longer see the memories it wrote.
import { useRouter } from "next/navigation";
import { appsApi } from "../api-client";
import { messageOf } from "../ui/error-text";
import { buttonStyles } from "../ui/styles";
import { useToast } from "../ui/toast";
import { useAction } from "../ui/use-action";

export function AppToggle({ app }: { app: { id: string; name: string; is_active: boolean } }) {
  const router = useRouter();
  const toast = useToast();
  const { busy, run } = useAction();
  const flip = () =>
    run(async () => {
      try {
        await appsApi.setActive(app.id, !app.is_active);
        toast({ message: app.is_active ? `${app.name} is paused.` : `${app.name} is active again.` });
        router.refresh();
      } catch (e) {
        toast({ message: messageOf(e), tone: "error" });
        throw e;
      }
    });
  return (
    <button type="button" className={buttonStyles.secondary} onClick={flip} disabled={busy} aria-label={`${app.is_active ? "Pause" : "Resume"} ${app.name}`}>
      {app.is_active ? "Pause" : "Resume"}
    </button>
  );
}
