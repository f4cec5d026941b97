// The page's one route, "#/<lesson-id>". Every link to a lesson is built by
// routeHref and every hash is read by parseRoute, so the format is written
// here only (as Jake Archibald's CORS playground keeps one dataToState /
// setURL pair).

/** The hash that shows a lesson. */
export function routeHref(id) {
  return `#/${encodeURIComponent(id)}`;
}

/**
 * The lesson id a hash names: "" for no hash or "#/" (the first lesson), and
 * null for an anchor that is not a route (the browser handles those).
 */
export function parseRoute(hash) {
  if (hash === "" || hash === "#") return "";
  if (!hash.startsWith("#/")) return null;
  return decodeURIComponent(hash.slice(2));
}
