// Whether this browser reaches server-b's https origin at all. The lab's
// certificate comes from the lab's own CA: until the learner trusts it, every
// request there fails in the TLS handshake, before any CORS check, and
// JavaScript sees the same TypeError a CORS failure gives. A no-cors request
// tells the two apart: it resolves (with an opaque response) whenever the
// handshake and the exchange worked, whatever CORS would say.

import { detectEngine } from "./engine.js";

/**
 * Where each engine keeps the authorities a learner adds. The lab's browser
 * suite imports the CA into these same stores (NSS's certutil) for Chromium
 * and Firefox, and gives WebKitGTK a system bundle with the CA added, and
 * then the https steps run in every engine. WebKit has no store of its own:
 * it trusts its system's, which differs by platform, so all three are given
 * (a user agent does not tell an iPad from a Mac reliably).
 */
const TRUST_STEPS = {
  chromium: "In Chromium, open chrome://certificate-manager and import lab-ca.pem among the "
    + "certificates you installed, as trusted.",
  firefox: "In Firefox, open Settings, Privacy & Security, Certificates, View Certificates, "
    + "Authorities, Import, choose lab-ca.pem and tick \"Trust this CA to identify websites\".",
  webkit: "WebKit trusts the system's authorities. On macOS (Safari), open lab-ca.pem in Keychain Access "
    + "and add it to the login keychain. Open it there and set \"When using this certificate\" to "
    + "\"Always Trust\". On Linux (WebKitGTK), run sudo cp lab-ca.pem "
    + "/usr/local/share/ca-certificates/lab-ca.crt && sudo update-ca-certificates. On iOS, install "
    + "lab-ca.pem as a profile, then turn on full trust for it in Settings > General > About > "
    + "Certificate Trust Settings.",
};

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
    return "This step calls server-b by the other loopback name (127.0.0.1 for localhost), "
      + "and this page is not on a loopback name: open the lab at http://localhost:8080 to run it.";
  }
  if (!step.request_origin) {
    return "server-b serves no https here: start it with --tls-port (docker compose up and scripts/run-lab do).";
  }
  if (step.scheme === "https" && !(await reachesHttps(step.request_origin))) {
    const how = TRUST_STEPS[detectEngine()] || "Import it as an authority in the browser's "
      + "certificate settings (the README says where for Chromium and Firefox).";
    return `This browser cannot reach ${step.request_origin}: it does not trust the lab's certificate `
      + "authority yet (or server-b's https port is down), so the request would fail in the TLS "
      + "handshake, before any CORS check. Download /lab-ca.pem (the lab's CA certificate; its key "
      + `never leaves the lab). ${how} Then run the lesson again.`;
  }
  return null;
}
