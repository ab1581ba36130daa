"use client";
// "Sensitive categories" on /settings: the categories kept from every assistant
// whose key or connection does not see them (by default: new keys and connections).
import { useId, useState } from "react";
import { settingsApi, type SensitiveCategories as Settings } from "../api-client";
import { ErrorText } from "../ui/error-text";
import { buttonStyles, mutedText } from "../ui/styles";
import { useAction } from "../ui/use-action";

export function SensitiveCategories({ initial }: { initial: Settings }) {
  const [saved, setSaved] = useState<string[]>(initial.categories);
  const [chosen, setChosen] = useState<string[]>(initial.categories);
  const [status, setStatus] = useState("");
  const { busy, error, run } = useAction();
  const baseId = useId();
  const dirty = chosen.length !== saved.length || chosen.some((c) => !saved.includes(c));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setStatus("");
    await run(async () => {
      const { categories } = await settingsApi.setSensitiveCategories(chosen);
      setSaved(categories);
      setChosen(categories);
      setStatus(categories.length ? `Saved. Hidden from those assistants: ${categories.join(", ")}.` : "Saved. No category is hidden now.");
    });
  }

  const toggle = (name: string, on: boolean) => {
    setStatus("");
    setChosen((all) => (on ? [...all.filter((c) => c !== name), name] : all.filter((c) => c !== name)));
  };

  return (
    <section aria-labelledby="sensitive-heading" className="space-y-4">
      <div>
        <h2 id="sensitive-heading" className="text-lg font-semibold">
          Sensitive categories
        </h2>
        <p className={`mt-1 text-sm ${mutedText}`}>
          Memories in these categories are kept from every API key and connected app that is not allowed to see them (new ones are not, unless you say so).
          They are never deleted, and you always see them here.
        </p>
      </div>
      <form onSubmit={save} className="space-y-4">
        <fieldset>
          <legend className="sr-only">Categories to keep from assistants</legend>
          <ul className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
            {initial.available.map((c) => (
              <li key={c.name} className="flex items-start gap-2 text-sm">
                <input
                  id={`${baseId}-${c.name}`}
                  type="checkbox"
                  className="mt-0.5 h-4 w-4"
                  checked={chosen.includes(c.name)}
                  onChange={(e) => toggle(c.name, e.target.checked)}
                  aria-describedby={`${baseId}-${c.name}-desc`}
                />
                <span>
                  <label htmlFor={`${baseId}-${c.name}`} className="font-medium">
                    {c.name}
                  </label>
                  <span id={`${baseId}-${c.name}-desc`} className={`block text-xs ${mutedText}`}>
                    {c.description}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </fieldset>
        <ErrorText error={error} signInNext="/settings" />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonStyles.primary} disabled={busy || !dirty}>
            {busy ? "Saving…" : "Save sensitive categories"}
          </button>
          <p role="status" className={`text-sm ${mutedText}`}>
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}
