"use client";
// Marks <html data-hydrated> once React has hydrated the page, so browser tests
// (and anything else) know client handlers are attached before they click.
import { useEffect } from "react";

export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
