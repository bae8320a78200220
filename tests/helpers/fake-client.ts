import { ApiClient, type FetchLike } from "../../lib/client.js";
import { Configuration, type ConfigurationOptions } from "../../lib/config.js";

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
export const TOKEN = `${part({ alg: "HS256" })}.${part({ sub: "auth0|me" })}.sig`;

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
}

/**
 * A strict ApiClient on `http://ol.test` (or `options.host`) whose fetch records every request and answers
 * from `answer` / `answers`. Nothing leaves the process.
 */
export function fakeClient(options: FakeOptions = {}) {
  const host = options.host ?? "http://ol.test";
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const path = url.slice(host.length);
    const h = init.headers;
    sent.push({ method: init.method, path, contentType: h["Content-Type"], authorization: h.Authorization, body: init.body });
    const answer = options.answers && path in options.answers ? options.answers[path] : options.answer;
    const { status, text } = render(answer);
    return { status, headers: new Headers(), text: async () => text };
  };
  const { answer: _a, answers: _b, ...configuration } = options;
  const client = new ApiClient(new Configuration({ accessToken: TOKEN, ...configuration, host }), { fetch, maxRetries: 0, strict: true });
  return { client, sent };
}

function render(answer: Answer): { status: number; text: string } {
  if (answer === undefined) return { status: 200, text: "" };
  if (typeof answer === "object" && answer !== null && "text" in answer) return { status: 200, text: String(answer.text) };
  if (typeof answer === "object" && answer !== null && "status" in answer && typeof answer.status === "number") {
    const body = (answer as { body?: unknown }).body;
    return { status: answer.status, text: body === undefined ? "" : JSON.stringify(body) };
  }
  return { status: 200, text: JSON.stringify(answer) };
}

export const JSON_TYPE = "application/json";
export const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
