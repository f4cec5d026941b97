// The page's own words, in the language the learner chose (lang.js). They
// are written once, in lessons/catalogue/page/<lang>.toml, and served by
// server-a as one flat map (`/words.json?lang=…`, English where a
// translation lacks a text). Every key this page uses must be a literal
// t("view.key") / count("view.key", n) call: the test suite reads the
// scripts for them and fails on a key the English file does not have.

let words = {};
let current = "en";
let plurals = new Intl.PluralRules("en");
let lists = new Intl.ListFormat("en", { type: "conjunction" });

/** Loads the words of `language` ("en", "ru", "zh"); call before the first t(). */
export async function loadWords(language) {
  const response = await fetch(`words.json?lang=${encodeURIComponent(language)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`words.json: ${response.status}`);
  words = await response.json();
  current = language;
  const locale = language === "zh" ? "zh-CN" : language;
  plurals = new Intl.PluralRules(locale);
  lists = new Intl.ListFormat(locale, { type: "conjunction" });
}

/** The page's language ("en", "ru", "zh"): server-a's model words are asked for in it (?lang=). */
export function pageLanguage() {
  return current;
}

/** "a, b and c" in the page's language (Intl.ListFormat). */
export function listOf(items) {
  return lists.format(items.map(String));
}

/**
 * The text of `key` with its {placeholders} filled from `values`. A value
 * that is a DOM node (a <code>, a link) is kept as a node: the result is then
 * an array of strings and nodes, ready to be a child of h().
 */
export function t(key, values = {}) {
  const template = words[key];
  if (template === undefined) {
    console.warn(`words.json has no "${key}"`);
    return key;
  }
  return fill(template, values);
}

/** The text of `key` for the count `n` (in `{n}`), in the form the language uses. */
export function count(key, n, values = {}) {
  const form = words[`${key}.${plurals.select(n)}`] !== undefined ? plurals.select(n) : "other";
  return t(`${key}.${form}`, { n, ...values });
}

function fill(template, values) {
  const parts = template.split(/\{([a-z_]+)\}/);
  const filled = parts.map((part, i) => {
    if (i % 2 === 0) return part;
    return part in values ? values[part] : `{${part}}`;
  });
  // A node, or a list of nodes (codeList), stays one: h() takes arrays.
  if (filled.some((part) => part instanceof Node || Array.isArray(part))) return filled.filter((part) => part !== "");
  return filled.join("");
}
