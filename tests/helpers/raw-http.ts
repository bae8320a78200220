import assert from "node:assert/strict";
import { request } from "node:http";

export interface RawRequest {
  method: string;
  /** Sent byte for byte: node:http keeps `..` and encodings as written. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Chunked transfer encoding instead of Content-Length. */
  chunked?: boolean;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request over real HTTP; rejects only when no answer came. */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const headers = { ...raw.headers };
  if (raw.body && !raw.chunked) headers["Content-Length"] = String(raw.body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    // the server may answer (413) and close before a large body is written; only a failure before that counts
    req.on("error", (error) => !answered && reject(error));
    if (raw.body && raw.chunked)
      for (let i = 0; i < raw.body.length; i += 65_536) req.write(raw.body.subarray(i, i + 65_536));
    else if (raw.body) req.write(raw.body);
    req.end();
  });
}

export interface ErrorEntry {
  error: { type: string; code: number };
  message: string;
}

/** The one error of an answer in the shape `{"errors":[{"error":{type,code},"message"}]}` and nothing else; throws otherwise. */
export function errorOf(answer: RawAnswer): ErrorEntry {
  assert.match(String(answer.headers["content-type"]), /^application\/json/);
  assert.ok(answer.headers["x-request-id"], "X-Request-Id");
  const body = JSON.parse(answer.text) as { errors: ErrorEntry[] };
  assert.deepEqual(Object.keys(body), ["errors"]);
  assert.equal(body.errors.length, 1);
  const [first] = body.errors;
  assert.deepEqual(Object.keys(first!).sort(), ["error", "message"]);
  assert.deepEqual(Object.keys(first!.error).sort(), ["code", "type"]);
  assert.equal(typeof first!.error.type, "string");
  assert.equal(typeof first!.error.code, "number");
  assert.equal(typeof first!.message, "string");
  return first!;
}
