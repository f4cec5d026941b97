// What server-b answers a step with. Correct policies are actix-cors builders;
// the deliberate mistakes are literal headers, because actix-cors refuses to
// produce them. The code itself comes from /lessons.json (step.policy_code):
// the lessons crate writes it beside the types server-b builds the policy
// from, so the page never rebuilds it.

/** {heading, code (Rust or header lines, or null), notes: [sentences]}. */
export function describePolicy(step) {
  if (step.target === "page") {
    return {
      heading: "No CORS involved",
      code: null,
      notes: [
        "The request goes to the page's own origin (server-a). Same origin: the browser asks no permission, "
          + "and server-a sends no CORS headers.",
      ],
    };
  }
  if (step.target === "api") {
    return {
      heading: "server-b's real API policy (lessons/src/api.rs)",
      code: step.policy_code,
      notes: ["An exact allowlist with credentials: the only way a browser lets a page read a credentialed response."],
    };
  }
  const kind = (step.policy || { kind: "none" }).kind;
  const extra = extraHeaders(step);
  if (kind === "none") {
    return {
      heading: "No CORS headers",
      code: null,
      notes: ["server-b's handler answers as usual, with no Access-Control-* headers at all.", ...extra],
    };
  }
  if (kind === "literal") {
    return {
      heading: "Literal headers",
      code: step.policy_code,
      notes: [
        "These headers are written literally, on the preflight and the actual response alike, "
          + "because actix-cors refuses to make this mistake.",
        ...extra,
      ],
    };
  }
  return { heading: "actix-cors", code: step.policy_code, notes: extra };
}

function extraHeaders(step) {
  const entries = Object.entries(step.response_headers || {});
  if (!entries.length) return [];
  const headers = entries.map(([name, value]) => `${name}: ${value}`).join(", ");
  return [`Whatever the policy, the endpoint also sends ${headers}.`];
}
