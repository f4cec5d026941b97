// Which browser engine runs this page, so that a lesson shows the console
// line of the learner's own browser first. A feature check first (Chromium's
// User-Agent Client Hints name it among the brands), the user agent string
// second; null for an engine the lab does not know (Safari, …).

export const ENGINES = [
  { id: "chromium", name: "Chromium" },
  { id: "firefox", name: "Firefox" },
];

export function detectEngine(nav = navigator) {
  const brands = nav.userAgentData?.brands || [];
  if (brands.some((b) => b.brand === "Chromium")) return "chromium";
  if (/\bFirefox\//.test(nav.userAgent)) return "firefox";
  if (/\bChrom(e|ium)\//.test(nav.userAgent)) return "chromium";
  return null;
}

/** The lab's engines, this browser's first. */
export function enginesInOrder(engine = detectEngine()) {
  return [...ENGINES].sort((a, b) => (b.id === engine) - (a.id === engine));
}
