// A minimal Chrome DevTools Protocol client for a Node process started with
// `--inspect=127.0.0.1:<port>`: enough to force a full GC, read
// process.memoryUsage(), sum the WebAssembly memories and write a heap snapshot
// from outside the process, with no application code. Node 20 has no WebSocket
// client, so this speaks the few parts of RFC 6455 the inspector needs (text
// frames, masking, fragmentation, ping) over a plain socket.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";

type Json = Record<string, unknown>;

export class Cdp {
  private nextId = 0;
  private pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void; method: string }>();
  private listeners = new Map<string, (params: Json) => void>();
  private buf: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];

  private constructor(private socket: Socket) {
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("close", () => {
      for (const p of this.pending.values()) p.reject(new Error(`inspector closed during ${p.method}`));
      this.pending.clear();
    });
  }

  /** Connects to the first target of the inspector on `port`. */
  static async connect(port: number): Promise<Cdp> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const url = new URL(targets[0]!.webSocketDebuggerUrl);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": crypto.randomBytes(16).toString("base64") },
      });
      req.on("upgrade", (_res, sock: Socket, head: Buffer) => {
        if (head.length) sock.unshift(head);
        resolve(sock);
      });
      req.on("response", (res) => reject(new Error(`inspector refused the WebSocket upgrade: ${res.statusCode}`)));
      req.on("error", reject);
      req.end();
    });
    return new Cdp(socket);
  }

  send(method: string, params: Json = {}): Promise<Json> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.write(Buffer.from(JSON.stringify({ id, method, params })), 0x1);
    });
  }

  on(event: string, fn: (params: Json) => void): void {
    this.listeners.set(event, fn);
  }

  close(): void {
    this.write(Buffer.alloc(0), 0x8);
    this.socket.end();
  }

  /** Evaluates an expression in the process's main context and returns its value (awaiting a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
    return (r.result as { value: T }).value;
  }

  /** A full, compacting GC (the same one a heap snapshot starts with). */
  async collectGarbage(): Promise<void> {
    await this.send("HeapProfiler.collectGarbage");
  }

  /** The byte length of every live WebAssembly.Memory (PGlite's whole Postgres heap is one). */
  async wasmMemoryBytes(): Promise<number[]> {
    const proto = await this.send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype", objectGroup: "cdp" });
    const found = await this.send("Runtime.queryObjects", { prototypeObjectId: (proto.result as { objectId: string }).objectId, objectGroup: "cdp" });
    const sizes = await this.send("Runtime.callFunctionOn", {
      objectId: (found.objects as { objectId: string }).objectId,
      functionDeclaration: "function () { return this.map((m) => m.buffer.byteLength); }",
      returnByValue: true,
    });
    await this.send("Runtime.releaseObjectGroup", { objectGroup: "cdp" });
    return (sizes.result as { value: number[] }).value;
  }

  /** Writes a heap snapshot (V8's .heapsnapshot JSON) to `file`. */
  async heapSnapshot(file: string): Promise<void> {
    await this.send("HeapProfiler.enable");
    const out = fs.createWriteStream(file);
    this.on("HeapProfiler.addHeapSnapshotChunk", (p) => void out.write(p.chunk as string));
    await this.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false, captureNumericValue: false });
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    this.listeners.delete("HeapProfiler.addHeapSnapshotChunk");
  }

  private write(payload: Buffer, opcode: number): void {
    const mask = crypto.randomBytes(4);
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    if (n >= 126) {
      head[0] = 0x80 | opcode;
      if (n < 65536) {
        head[1] = 0x80 | 126;
        head.writeUInt16BE(n, 2);
      } else {
        head[1] = 0x80 | 127;
        head.writeBigUInt64BE(BigInt(n), 2);
      }
    }
    const masked = Buffer.alloc(n);
    for (let i = 0; i < n; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
    this.socket.write(Buffer.concat([head, mask, masked]));
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      if (this.buf.length < 2) return;
      const fin = (this.buf[0]! & 0x80) !== 0;
      const opcode = this.buf[0]! & 0x0f;
      const masked = (this.buf[1]! & 0x80) !== 0;
      let len = this.buf[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const maskKey = masked ? this.buf.subarray(off, off + 4) : undefined;
      if (masked) off += 4;
      if (this.buf.length < off + len) return;
      const payload = Buffer.from(this.buf.subarray(off, off + len));
      this.buf = this.buf.subarray(off + len);
      if (maskKey) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ maskKey[i & 3]!;
      if (opcode === 0x9) this.write(payload, 0xa); // ping → pong
      else if (opcode === 0x8) this.socket.end();
      else if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2) {
        this.fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.fragments).toString("utf8");
          this.fragments = [];
          this.onMessage(JSON.parse(text) as Json);
        }
      }
    }
  }

  private onMessage(msg: Json): void {
    if (typeof msg.id === "number") {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${JSON.stringify(msg.error)}`));
      else p.resolve((msg.result ?? {}) as Json);
    } else if (typeof msg.method === "string") {
      this.listeners.get(msg.method)?.((msg.params ?? {}) as Json);
    }
  }
}

/** Self size and count per (node type, constructor or name), from a .heapsnapshot file. */
export function summariseHeapSnapshot(file: string): { totalBytes: number; nodes: number; byName: Map<string, { bytes: number; count: number }> } {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const [TYPE, NAME, SIZE] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = snap.snapshot.meta.node_types[0];
  const byName = new Map<string, { bytes: number; count: number }>();
  let totalBytes = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + TYPE]!]!;
    // Strings and code are grouped by type: their "names" are their contents.
    const name = type === "object" || type === "closure" || type === "native" ? `${type}:${snap.strings[snap.nodes[i + NAME]!]!.slice(0, 80)}` : type;
    const size = snap.nodes[i + SIZE]!;
    totalBytes += size;
    const e = byName.get(name) ?? { bytes: 0, count: 0 };
    e.bytes += size;
    e.count++;
    byName.set(name, e);
  }
  return { totalBytes, nodes: snap.nodes.length / width, byName };
}
