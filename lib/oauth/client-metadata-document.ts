// Fetching a Client ID Metadata Document (the client_id is an https URL whose JSON
// names the client and its redirect URIs). The URL comes from anyone, so the fetch
// is guarded: https only, no redirects, 5 s, 16 KB, and the address actually
// connected to must be public — checked in the socket's DNS lookup, so a name that
// resolves to a public address for a check and a private one for the connection
// (DNS rebinding) cannot slip through. node:https rather than fetch: fetch has no
// per-request lookup hook without another dependency (undici's Agent).
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { getConfig } from "../config";

export const CLIENT_METADATA_MAX_BYTES = 16 * 1024;
export const CLIENT_METADATA_TIMEOUT_MS = 5_000;

export class ClientMetadataFetchError extends Error {}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether `clientId` has the shape of a metadata-document client id (an https URL with a path). */
export function isMetadataDocumentUrl(clientId: string): boolean {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  const loopbackAllowed = getConfig().oauth.allowLoopbackClientMetadata && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  return (url.protocol === "https:" || loopbackAllowed) && url.pathname !== "/" && !url.hash && !url.username && !url.password;
}

function publicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.process(address).range();
  if (range === "unicast") return true;
  return range === "loopback" && getConfig().oauth.allowLoopbackClientMetadata;
}

/** dns.lookup, refusing every answer that is not a public address. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const allowed = (addresses as dns.LookupAddress[]).filter((a) => publicAddress(a.address));
    if (allowed.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves to a private or loopback address`), { code: "EPRIVATE" }), "", 0);
    }
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
};

/** GETs the document; throws ClientMetadataFetchError with a reason a person can read. */
export function fetchClientMetadataDocument(clientId: string): Promise<unknown> {
  if (!isMetadataDocumentUrl(clientId)) return Promise.reject(new ClientMetadataFetchError("client_id is not an https URL with a path"));
  const url = new URL(clientId);
  // An address literal is connected to without a lookup: check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(literal) && !publicAddress(literal)) return Promise.reject(new ClientMetadataFetchError(`${url.hostname} is a private or loopback address`));
  const get = url.protocol === "https:" ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new ClientMetadataFetchError(message));
    const req = get(url, { lookup: guardedLookup, timeout: CLIENT_METADATA_TIMEOUT_MS, headers: { accept: "application/json" } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return fail(`the client metadata document answered HTTP ${res.statusCode}${res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? " (redirects are not followed)" : ""}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > CLIENT_METADATA_MAX_BYTES) {
          req.destroy();
          return fail(`the client metadata document is larger than ${CLIENT_METADATA_MAX_BYTES} bytes`);
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {
          fail("the client metadata document is not JSON");
        }
      });
      res.on("error", () => fail("the client metadata document could not be read"));
    });
    req.on("timeout", () => {
      req.destroy();
      fail(`the client metadata document did not answer within ${CLIENT_METADATA_TIMEOUT_MS} ms`);
    });
    req.on("error", (e: NodeJS.ErrnoException) => fail(e.code === "EPRIVATE" ? e.message : `the client metadata document could not be fetched (${e.code ?? e.message})`));
  });
}
