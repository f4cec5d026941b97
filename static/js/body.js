// A response body as the lab shows it, whichever API read it (attempt.js for
// fetch, xhr.js for XMLHttpRequest).

/** The body as JSON when it is JSON, else as text; null when empty. */
export function parseBody(text) {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
