// An exchange from server-b's recorder, written out as raw HTTP. The recorder
// keeps only the CORS-relevant headers, cookie names (never values) and
// Set-Cookie with its value redacted: what is shown is all there is.

import { t } from "./words.js";

const REASONS = {
  200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
  403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error",
};

export function isPreflight(exchange) {
  return exchange.method === "OPTIONS" && Boolean(exchange.request.access_control_request_method);
}

/**
 * The exchange as lines of {text, cors}: `cors` marks the lines a learner
 * should look at (Origin and Access-Control-*). `origin` is where it went;
 * over HTTP/2 its host travels as `:authority`, and statuses have no words.
 */
export function wireLines(exchange, origin) {
  const req = exchange.request;
  const res = exchange.response;
  const lines = [];
  const line = (text, cors = false) => lines.push({ text, cors });
  const header = (name, value, cors = false) => {
    if (value !== null && value !== undefined && value !== "") line(`${name}: ${value}`, cors);
  };

  const target = exchange.query ? `${exchange.path}?${exchange.query}` : exchange.path;
  const version = req.version || "HTTP/1.1";
  const h2 = version === "HTTP/2";
  line(`${exchange.method} ${target} ${version}`);
  header(h2 ? ":authority" : "Host", new URL(origin).host);
  header("Origin", req.origin, true);
  header("Access-Control-Request-Method", req.access_control_request_method, true);
  header("Access-Control-Request-Headers", req.access_control_request_headers, true);
  header("Content-Type", req.content_type);
  if (req.cookie_names.length) header("Cookie", req.cookie_names.map((n) => `${n}=…`).join("; "));
  if (req.authorization) header("Authorization", "…");
  header("Sec-Fetch-Site", req.sec_fetch_site);
  header("Sec-Fetch-Mode", req.sec_fetch_mode);
  line("");
  line(`${version} ${res.status} ${h2 ? "" : REASONS[res.status] || ""}`.trimEnd());
  for (const [name, value] of res.cors_headers) header(name, value, name.startsWith("access-control-"));
  for (const cookie of res.set_cookies) header("set-cookie", cookie);
  if (!res.cors_headers.length) line(t("result.no_cors_headers"));
  return lines;
}
