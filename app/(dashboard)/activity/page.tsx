// /activity — what each assistant read and wrote over the last 7 or 30 days: one
// row per credential (API key, connected app, Claude client), the categories it
// read, a warning when one reads far more than usual, and pause / revoke.
import type { Metadata } from "next";
import { ActivityView } from "@/components/activity/activity-view";
import { requirePageUser } from "@/lib/auth/page-session";
import { activitySummary, ANOMALY_FACTOR, ANOMALY_MIN_READS } from "@/lib/memory";

export const metadata: Metadata = { title: "Activity · Jean Memory" };

const DAY_MS = 86_400_000;

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePageUser();
  const days: 7 | 30 = (await searchParams).days === "30" ? 30 : 7;
  const to = new Date();
  const from = new Date(to.getTime() - days * DAY_MS);
  const credentials = await activitySummary(principal.user.id, { from, to });
  return <ActivityView days={days} from={from.toISOString()} credentials={credentials} rule={{ factor: ANOMALY_FACTOR, min_reads: ANOMALY_MIN_READS }} />;
}
