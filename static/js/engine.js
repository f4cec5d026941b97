// Which browser engine runs this page, so that a lesson shows the console
// line of the learner's own browser first, and the engines the lab describes
// (Chromium, Firefox, WebKit), so that the page lists, labels and groups them
// from one list instead of naming them by hand.
//
// A feature check first (Chromium's User-Agent Client Hints name it among the
// brands), the user agent string second. Firefox's and Chromium's tokens are
// looked for before AppleWebKit/, which Chromium's user agent carries too.
// Every other AppleWebKit/ browser is WebKit: Safari, WebKitGTK's browsers
// and every iOS browser, whose own tokens (CriOS/, FxiOS/, EdgiOS/) the
// earlier checks do not match. null for an engine the lab does not know.

import { listOf } from "./words.js";

export const ENGINES = [
  { id: "chromium", name: "Chromium" },
  { id: "firefox", name: "Firefox" },
  { id: "webkit", name: "WebKit" },
];

/**
 * The engine the lab speaks for in a browser it does not know (the doctor's
 * probe, the playground's prediction): Chromium, the engine most pages are
 * tried in first.
 */
export const FALLBACK_ENGINE = "chromium";

export function detectEngine(nav = navigator) {
  const brands = nav.userAgentData?.brands || [];
  if (brands.some((b) => b.brand === "Chromium")) return "chromium";
  const agent = nav.userAgent || "";
  if (/\bFirefox\//.test(agent)) return "firefox";
  if (/\bChrom(e|ium)\//.test(agent)) return "chromium";
  if (/\bAppleWebKit\//.test(agent)) return "webkit";
  return null;
}

/** The lab's engines, this browser's first. */
export function enginesInOrder(engine = detectEngine()) {
  return [...ENGINES].sort((a, b) => (b.id === engine) - (a.id === engine));
}

/** An engine's name for people ("WebKit"), or the id itself when the lab does not know it. */
export function engineName(id) {
  return ENGINES.find((e) => e.id === id)?.name ?? id;
}

/** "Chromium", "Chromium and WebKit", "Chromium, Firefox and WebKit", in the page's language. */
export function engineNames(engines) {
  return listOf(engines.map((e) => e.name));
}

/**
 * Whether Rust sent a value per engine ({chromium, firefox, webkit}) rather
 * than one value every engine shares: an object keyed by engine ids.
 */
export function isPerEngine(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    && ENGINES.some((e) => Object.hasOwn(value, e.id));
}

/**
 * The value for one engine: its own when the value is per engine, else the
 * shared value. A browser the lab does not know gets FALLBACK_ENGINE's.
 */
export function valueFor(value, engine = detectEngine()) {
  return isPerEngine(value) ? value[engine ?? FALLBACK_ENGINE] : value;
}

/**
 * A value given once or per engine, as groups of [value, engines] in the
 * order of ENGINES: the engines that share a value together (compared as
 * JSON, so lists compare by content). One group when every engine agrees.
 * An engine the object leaves out is in no group: nothing is said for it.
 */
export function groupByValue(value) {
  if (!isPerEngine(value)) return [[value, ENGINES]];
  const groups = new Map();
  for (const engine of ENGINES.filter((e) => Object.hasOwn(value, e.id))) {
    const key = JSON.stringify(value[engine.id]);
    if (!groups.has(key)) groups.set(key, [value[engine.id], []]);
    groups.get(key)[1].push(engine);
  }
  return [...groups.values()];
}
