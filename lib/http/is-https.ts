// Whether a request came over https, directly or via a proxy. No server-only import: proxy.ts uses it.
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}
