// Whether this browser reaches server-b's https origin at all. The lab's
// certificate comes from the lab's own CA: until the learner trusts it, every
// request there fails in the TLS handshake, before any CORS check, and
// JavaScript sees the same TypeError a CORS failure gives. A no-cors request
// tells the two apart: it resolves (with an opaque response) whenever the
// handshake and the exchange worked, whatever CORS would say.

import { detectEngine } from "./engine.js";
import { t } from "./words.js";

/**
 * Where each engine keeps the authorities a learner adds. The lab's browser
 * suite imports the CA into these same stores (NSS's certutil) for Chromium
 * and Firefox, and gives WebKitGTK a system bundle with the CA added, and
 * then the https steps run in every engine. WebKit has no store of its own:
 * it trusts its system's, which differs by platform, so all three are given
 * (a user agent does not tell an iPad from a Mac reliably).
 */
function trustSteps(engine) {
  if (engine === "chromium") return t("https.trust_chromium");
  if (engine === "firefox") return t("https.trust_firefox");
  if (engine === "webkit") return t("https.trust_webkit");
  return t("https.trust_other");
}

/** Origins reached once: trust, once given, is not taken back in a visit. */
const reached = new Set();

/** Resolves true when `origin` answers this browser over https. */
export async function reachesHttps(origin) {
  if (reached.has(origin)) return true;
  try {
    await fetch(`${origin}/healthz`, { mode: "no-cors", cache: "no-store" });
    reached.add(origin);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a step cannot run in this browser now, or null: server-b serves no
 * https, or this browser does not reach it (the lab's CA not trusted yet),
 * or the step calls server-b by another loopback name and the page is on none.
 */
export async function whyNotRunnable(step) {
  if (!step.request_origin && step.server_name === "other-loopback") {
    return t("https.other_loopback");
  }
  if (!step.request_origin) {
    return t("https.not_served");
  }
  if (step.scheme === "https" && !(await reachesHttps(step.request_origin))) {
    return t("https.not_trusted", { origin: step.request_origin, how: trustSteps(detectEngine()) });
  }
  return null;
}
