// What server-b answers a step with. Correct policies are actix-cors builders;
// the deliberate mistakes are literal headers, because actix-cors refuses to
// produce them. The code itself comes from /lessons.json (step.policy_code):
// the lessons crate writes it beside the types server-b builds the policy
// from, so the page never rebuilds it.

import { t } from "./words.js";

/** {heading, code (Rust or header lines, or null), notes: [sentences]}. */
export function describePolicy(step) {
  if (step.target === "page") {
    return {
      heading: t("policy.no_cors"),
      code: null,
      notes: [t("policy.no_cors_note")],
    };
  }
  if (step.target === "api") {
    return {
      heading: t("policy.api"),
      code: step.policy_code,
      notes: [t("policy.api_note")],
    };
  }
  const kind = (step.policy || { kind: "none" }).kind;
  const extra = extraHeaders(step);
  if (kind === "none") {
    return {
      heading: t("policy.none"),
      code: null,
      notes: [t("policy.none_note"), ...extra],
    };
  }
  if (kind === "literal") {
    return {
      heading: t("policy.literal"),
      code: step.policy_code,
      notes: [t("policy.literal_note"), ...extra],
    };
  }
  return { heading: "actix-cors", code: step.policy_code, notes: extra };
}

function extraHeaders(step) {
  const entries = Object.entries(step.response_headers || {});
  if (!entries.length) return [];
  const headers = entries.map(([name, value]) => `${name}: ${value}`).join(", ");
  return [t("policy.extra_headers", { headers })];
}
