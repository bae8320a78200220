// Fake fetches and clients for the client's unit tests: what a call sends is recorded, the answer is scripted, and
// nothing leaves the process.
import { ApiClient, type ApiClientOptions, type FetchLike } from "../../lib/client.js";
import { Configuration, type ConfigurationOptions } from "../../lib/config.js";
import { TOKEN } from "./tokens.js";

/** A scripted answer: a response, an error to throw, or "hang" (waits for the abort signal). */
export type Step = { status?: number; body?: string; headers?: Record<string, string> } | Error | "hang";

/** A fetch answering the n-th call with the n-th step (the last one from then on); `calls` records each call. */
export function fakeFetch(...steps: Step[]) {
  const calls: Parameters<FetchLike>[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push([url, init]);
    const step = steps[Math.min(calls.length - 1, steps.length - 1)] ?? {};
    if (step === "hang") {
      return new Promise((_, reject) =>
        init.signal.addEventListener("abort", () => reject(new Error("The operation was aborted"))),
      );
    }
    if (step instanceof Error) throw step;
    return { status: step.status ?? 200, headers: new Headers(step.headers), text: async () => step.body ?? "" };
  };
  return { fetch, calls };
}

export interface Sent {
  method: string;
  path: string;
  contentType?: string;
  authorization?: string;
  body?: string;
}

/** An answer by path (without the host): JSON, a raw `{text}`, or a status with a body. */
export type Answer = unknown | { text: string } | { status: number; body?: unknown };
export interface FakeOptions extends ConfigurationOptions {
  /** One answer for every call, or one per path; none = 200 with an empty body. */
  answer?: Answer;
  answers?: Record<string, Answer>;
  /** The client's options besides its fetch; by default strict, without retries. */
  clientOptions?: ApiClientOptions;
}

/** A strict ApiClient on `http://ol.test` (or `options.host`) whose fetch records every request and answers from `answer` / `answers`. */
export function fakeClient(options: FakeOptions = {}) {
  const host = options.host ?? "http://ol.test";
  const { fetch, sent } = recordingFetch(host, (path) =>
    options.answers && path in options.answers ? options.answers[path] : options.answer,
  );
  const { answer: _a, answers: _b, clientOptions, ...configuration } = options;
  const client = new ApiClient(new Configuration({ accessToken: TOKEN, ...configuration, host }), {
    maxRetries: 0,
    strict: true,
    ...clientOptions,
    fetch,
  });
  return { client, sent };
}

/** A fetch for `host` that records every request and answers with `answerOf(path)` (by default 200, empty). */
export function recordingFetch(host: string, answerOf: (path: string) => Answer = () => undefined) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const path = url.slice(host.length);
    const h = init.headers;
    sent.push({
      method: init.method,
      path,
      contentType: h["Content-Type"],
      authorization: h.Authorization,
      body: init.body,
    });
    const { status, text } = render(answerOf(path));
    return { status, headers: new Headers(), text: async () => text };
  };
  return { fetch, sent };
}

function render(answer: Answer): { status: number; text: string } {
  if (answer === undefined) return { status: 200, text: "" };
  if (typeof answer === "object" && answer !== null && "text" in answer)
    return { status: 200, text: String(answer.text) };
  if (typeof answer === "object" && answer !== null && "status" in answer && typeof answer.status === "number") {
    const body = (answer as { body?: unknown }).body;
    return { status: answer.status, text: body === undefined ? "" : JSON.stringify(body) };
  }
  return { status: 200, text: JSON.stringify(answer) };
}

export const JSON_TYPE = "application/json";
export const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** What was sent, as `METHOD path` lines. */
export const sentLines = (sent: Sent[]): string[] => sent.map((s) => `${s.method} ${s.path}`);
