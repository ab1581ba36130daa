// Which address a request came from, and whether it is one of a list of addresses
// and CIDR ranges (MCP_GATEWAY_TRUSTED_PROXIES). Parsing and matching is ipaddr.js's.
//
// Route handlers do not see the socket: the address is the last entry of
// X-Forwarded-For — the one added by the nearest proxy. Next's server sets the header
// to the socket's address when a request arrives without one; Vercel overwrites
// whatever the client sent. A server reached directly (no proxy of yours in front)
// cannot tell a forged X-Forwarded-For from a real one: there, use MCP_GATEWAY_SECRET.
import ipaddr from "ipaddr.js";

/** An IP address or CIDR range, as written in the list; false when it is neither. */
export function isAddressOrRange(entry: string): boolean {
  return ipaddr.isValid(entry) || isRange(entry);
}

function isRange(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** The address of the nearest hop, or null when the request names none (or a malformed one). */
export function requestAddress(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  if (!last || !ipaddr.isValid(last)) return null;
  return ipaddr.process(last).toString(); // ::ffff:10.0.0.1 is 10.0.0.1
}

export function addressInList(address: string, list: readonly string[]): boolean {
  const addr = ipaddr.process(address);
  return list.some((entry) => {
    if (!entry.includes("/")) return ipaddr.process(entry).toString() === addr.toString();
    const [range, bits] = ipaddr.parseCIDR(entry);
    return addr.kind() === range.kind() && addr.match([range, bits]);
  });
}

export function isLoopback(address: string): boolean {
  return ipaddr.process(address).range() === "loopback";
}
