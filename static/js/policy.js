// What server-b answers a step with, written the way server-b builds it.
// Correct policies are actix-cors builders; the deliberate mistakes are
// literal headers, because actix-cors refuses to produce them.

/**
 * {heading, code (Rust or header lines, or null), notes: [sentences]}.
 * `labOrigin` is the page origin on server-b's allowlist.
 */
export function describePolicy(step, labOrigin) {
  if (step.target === "page") {
    return {
      heading: "No CORS involved",
      code: null,
      notes: ["The request goes to the page's own origin (server-a). Same origin: the browser asks no permission, and server-a sends no CORS headers."],
    };
  }
  if (step.target === "api") {
    return {
      heading: "server-b's real API policy (lessons/src/api.rs)",
      code: actixCors(step.effective_policy, labOrigin),
      notes: ["An exact allowlist with credentials: the only way a browser lets a page read a credentialed response."],
    };
  }
  const policy = step.policy || { kind: "none" };
  const extra = extraHeaders(step);
  if (policy.kind === "none") {
    return {
      heading: "No CORS headers",
      code: null,
      notes: ["server-b's handler answers as usual, with no Access-Control-* headers at all.", ...extra],
    };
  }
  if (policy.kind === "literal") {
    // "$PAGE_ORIGIN" in a lesson file stands for the lab page's origin.
    const lines = Object.entries(policy.headers).map(([name, value]) => `${name}: ${value.replaceAll("$PAGE_ORIGIN", labOrigin)}`);
    return {
      heading: "Literal headers",
      code: lines.join("\n"),
      notes: [
        "These headers are written literally, on the preflight and the actual response alike, because actix-cors refuses to make this mistake.",
        ...extra,
      ],
    };
  }
  return { heading: "actix-cors", code: actixCors(policy, labOrigin), notes: extra };
}

/** The actix-cors builder equivalent to a lesson's policy. */
export function actixCors(policy, labOrigin) {
  const calls = [];
  if (policy.origins === "any") calls.push("allow_any_origin()", "send_wildcard()");
  else calls.push(`allowed_origin(${rust(labOrigin)})`);
  if (policy.methods && policy.methods.length) calls.push(`allowed_methods(${rustArray(policy.methods)})`);
  if (policy.headers && policy.headers.length) calls.push(`allowed_headers(${rustArray(policy.headers)})`);
  if (policy.expose && policy.expose.length) calls.push(`expose_headers(${rustArray(policy.expose)})`);
  if (policy.credentials) calls.push("supports_credentials()");
  if (policy.max_age !== undefined && policy.max_age !== null) calls.push(`max_age(${policy.max_age})`);
  return rustBuilder(calls);
}

function rustBuilder(calls) {
  return ["Cors::default()", ...calls.map((call) => `    .${call}`)].join("\n");
}

function rust(text) {
  return JSON.stringify(text);
}

function rustArray(items) {
  return `[${items.map(rust).join(", ")}]`;
}

function extraHeaders(step) {
  const entries = Object.entries(step.response_headers || {});
  if (!entries.length) return [];
  return [`Whatever the policy, the endpoint also sends ${entries.map(([n, v]) => `${n}: ${v}`).join(", ")}.`];
}
