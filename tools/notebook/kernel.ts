/**
 * A minimal Jupyter wire-protocol client for the tslab kernel (protocol 5.3, see
 * node_modules/tslab/dist/jupyter.js for the server side): it starts the kernel, runs code and
 * streams the iopub messages each request produces.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as zmq from "zeromq";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message {
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

export interface KernelOptions {
  /** The kernel's working directory (a notebook's folder). */
  cwd: string;
  /** The kernel's complete environment. */
  env: NodeJS.ProcessEnv;
  /** How long to wait for the kernel to answer its first kernel_info_request. */
  readyTimeoutMs?: number;
}

/** Raised when a request gets no complete answer in time; the kernel is left running. */
export class KernelTimeoutError extends Error {}

/** A request waiting for its shell reply and for iopub `status: idle`. */
interface Pending {
  onIopub: (msg: Message) => void;
  reply?: Message;
  idle: boolean;
  resolve: (reply: Message) => void;
  reject: (err: Error) => void;
}

const DELIM = "<IDS|MSG>";
const STDERR_LIMIT = 20_000;

const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
})();

/** Reserves `count` distinct free TCP ports on 127.0.0.1. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export class Kernel {
  private readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private stderrText = "";
  private failure: Error | undefined;
  /** Messages dropped for a signature that did not match; named in timeout errors. */
  private badSignatures = 0;
  private readonly exited: Promise<void>;
  /** Never leaves an orphaned kernel behind, even when the runner exits abruptly (e.g. on Ctrl-C). */
  private readonly killOnExit = (): void => {
    this.child.kill("SIGKILL");
    rmSync(this.tempDir, { recursive: true, force: true });
  };

  private constructor(
    private readonly child: ChildProcess,
    private readonly key: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly tempDir: string,
  ) {
    child.stdout?.resume(); // tslab logs there before the first cell redirects its output to iopub
    child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      this.stderrText = (this.stderrText + text).slice(-STDERR_LIMIT);
    });
    this.exited = new Promise((resolve) => {
      child.once("error", (err) => {
        this.fail(new Error(`cannot start the tslab kernel: ${err.message}`));
        resolve();
      });
      child.once("exit", (code, signal) => {
        const how = signal ? `signal ${signal}` : `code ${code}`;
        this.fail(
          new Error(`the tslab kernel exited (${how})${this.stderrText ? `; its stderr:\n${this.stderrText}` : ""}`),
        );
        resolve();
      });
    });
    process.once("exit", this.killOnExit);
    void this.listen(shell, (msg) => this.onShell(msg));
    void this.listen(iopub, (msg) => this.onIopub(msg));
  }

  /** Starts tslab and resolves once it answers on shell and iopub. */
  static async start(options: KernelOptions): Promise<Kernel> {
    const [shellPort, iopubPort, controlPort, stdinPort, hbPort] = await freePorts(5);
    const key = randomBytes(32).toString("hex");
    const tempDir = mkdtempSync(join(tmpdir(), "tslab-kernel-"));
    const configPath = join(tempDir, "connection.json");
    writeFileSync(
      configPath,
      JSON.stringify({
        ip: "127.0.0.1",
        transport: "tcp",
        signature_scheme: "hmac-sha256",
        key,
        shell_port: shellPort,
        iopub_port: iopubPort,
        control_port: controlPort,
        stdin_port: stdinPort,
        hb_port: hbPort,
      }),
    );
    const child = spawn(join(repoRoot, "node_modules/.bin/tslab"), ["kernel", "--config-path", configPath], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = (port: number): string => `tcp://127.0.0.1:${port}`;
    const shell = new zmq.Dealer({ linger: 0 });
    const control = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(url(shellPort));
    control.connect(url(controlPort));
    iopub.connect(url(iopubPort));
    iopub.subscribe();
    const kernel = new Kernel(child, key, shell, control, iopub, tempDir);
    try {
      await kernel.waitReady(options.readyTimeoutMs ?? 60_000);
    } catch (err) {
      await kernel.shutdown();
      throw err;
    }
    return kernel;
  }

  /**
   * Runs `code`; `onIopub` receives every iopub message the request produced (status excluded).
   * Resolves with the execute_reply once iopub has reported idle as well.
   */
  execute(code: string, onIopub: (msg: Message) => void, timeoutMs: number): Promise<Message> {
    const content = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    return this.request(this.shell, "execute_request", content, onIopub, timeoutMs);
  }

  /** Asks the kernel to shut down, kills it if it is still running after a grace period, and releases everything. */
  async shutdown(graceMs = 2000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && !this.failure) {
      void this.send(this.control, "shutdown_request", { restart: false }).catch(() => {});
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.kill();
    await this.exited;
  }

  /** Kills the kernel at once (e.g. after a timeout) and releases the sockets. */
  kill(): void {
    this.killOnExit();
    process.removeListener("exit", this.killOnExit);
    this.fail(new Error("the tslab kernel was stopped"));
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
  }

  /** Repeats kernel_info_request until one is answered on shell and iopub (the subscription is then live). */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const attemptMs = Math.min(1000, deadline - Date.now());
      try {
        await this.request(this.shell, "kernel_info_request", {}, () => {}, attemptMs);
        return;
      } catch (err) {
        if (!(err instanceof KernelTimeoutError)) throw err;
        if (Date.now() >= deadline) {
          throw new KernelTimeoutError(
            `the tslab kernel did not become ready within ${timeoutMs} ms${this.droppedNote()}; its stderr:\n${this.stderrText}`,
          );
        }
      }
    }
  }

  private request(
    socket: zmq.Dealer,
    msgType: string,
    content: Record<string, unknown>,
    onIopub: (msg: Message) => void,
    timeoutMs: number,
  ): Promise<Message> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Message>((resolve, reject) => {
      const msgId = randomUUID();
      const timer = setTimeout(() => {
        this.pending.delete(msgId);
        reject(new KernelTimeoutError(`${msgType} got no complete answer within ${timeoutMs} ms${this.droppedNote()}`));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.pending.delete(msgId);
      };
      this.pending.set(msgId, {
        onIopub,
        idle: false,
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      });
      this.send(socket, msgType, content, msgId).catch((err: Error) => this.pending.get(msgId)?.reject(err));
    });
  }

  private async send(socket: zmq.Dealer, msgType: string, content: object, msgId = randomUUID()): Promise<void> {
    const header: Header = {
      msg_id: msgId,
      session: this.session,
      username: "notebook-runner",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: "5.3",
    };
    const frames = [header, {}, {}, content].map((part) => JSON.stringify(part));
    await socket.send([DELIM, this.sign(frames), ...frames]);
  }

  private sign(frames: Array<string | Buffer>): string {
    const hmac = createHmac("sha256", this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest("hex");
  }

  /** Reads a socket until it is closed, handing each verified message to `handle`. */
  private async listen(socket: zmq.Dealer | zmq.Subscriber, handle: (msg: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const msg = this.decode(frames);
        if (msg) handle(msg);
      }
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /**
   * Parses `[identities…, <IDS|MSG>, signature, header, parent, metadata, content, buffers…]`. A message whose
   * signature does not match is dropped and counted, as Jupyter's own clients do: it is not from our kernel.
   */
  private decode(frames: Buffer[]): Message | undefined {
    const at = frames.findIndex((f) => f.toString() === DELIM);
    if (at < 0 || frames.length < at + 6) throw new Error("malformed message from the kernel");
    const signature = Buffer.from(frames[at + 1].toString());
    const parts = frames.slice(at + 2, at + 6);
    const expected = Buffer.from(this.sign(parts));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      this.badSignatures++;
      return undefined;
    }
    const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p.toString()));
    return { header, parent_header, metadata, content };
  }

  private onShell(msg: Message): void {
    const pending = this.pending.get(msg.parent_header.msg_id ?? "");
    if (!pending) return; // e.g. a reply to an earlier kernel_info attempt
    pending.reply = msg;
    if (pending.idle) pending.resolve(msg);
  }

  private onIopub(msg: Message): void {
    const pending = this.pending.get(msg.parent_header.msg_id ?? "");
    if (!pending) return;
    if (msg.header.msg_type !== "status") return pending.onIopub(msg);
    if (msg.content.execution_state !== "idle") return;
    pending.idle = true;
    if (pending.reply) pending.resolve(pending.reply);
  }

  /** Fails every pending and future request with `err` (the first failure wins). */
  private droppedNote(): string {
    return this.badSignatures
      ? ` (${this.badSignatures} messages with a wrong signature were dropped: another kernel on these ports?)`
      : "";
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const pending of [...this.pending.values()]) pending.reject(this.failure);
  }
}
