// The language the lab speaks to this learner: `?lang=` in the address first
// (the switch puts it there, so a link copied after it keeps its language),
// then the choice remembered on this browser, then the browser's own
// languages (navigator.languages), else English. The lessons come from Rust in that language
// (`/lessons.json?lang=…`, `lessons::translation`), and so do the page's own
// words (`/words.json?lang=…`, words.js).

import { t } from "./words.js";

export const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "ru", name: "Русский" },
  { code: "zh", name: "中文" },
];

const REMEMBERED = "cors-lab-language";

/** The lab's code for a language tag ("ru-RU" → "ru", "zh-Hans" → "zh"), or null. */
export function codeOf(tag) {
  const primary = String(tag || "").trim().split(/[-_]/)[0].toLowerCase();
  return LANGUAGES.some((l) => l.code === primary) ? primary : null;
}

/** The language to speak, from the address, the remembered choice and the browser. */
export function chooseLanguage(search = location.search, remembered = readRemembered(),
  languages = navigator.languages || [navigator.language]) {
  const asked = codeOf(new URLSearchParams(search).get("lang"));
  if (asked) return asked;
  if (codeOf(remembered)) return codeOf(remembered);
  for (const tag of languages || []) {
    if (codeOf(tag)) return codeOf(tag);
  }
  return "en";
}

function readRemembered() {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null;
  }
}

/**
 * Speaks `code` on this page: `<html lang>`. The address is left as it is
 * (a language chosen with the switch is in it already; one taken from the
 * browser is each visitor's own), and so is the memory: only the switch
 * writes it.
 */
export function useLanguage(code) {
  document.documentElement.lang = code === "zh" ? "zh-CN" : code;
}

/** The switch in the page's header: a link per language, this one marked. */
export function languageSwitch(current) {
  const nav = document.createElement("nav");
  nav.className = "languages";
  nav.setAttribute("aria-label", t("site.language"));
  for (const { code, name } of LANGUAGES) {
    const link = document.createElement("a");
    const url = new URL(location.href);
    url.searchParams.set("lang", code);
    link.href = url.pathname + url.search + url.hash;
    link.lang = code;
    link.textContent = name;
    link.dataset.language = code;
    if (code === current) link.setAttribute("aria-current", "true");
    // The hash changes as the learner moves between views: the link takes
    // the current one when followed.
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const target = new URL(location.href);
      target.searchParams.set("lang", code);
      try {
        localStorage.setItem(REMEMBERED, code);
      } catch {
        // The address carries it.
      }
      location.assign(target);
    });
    nav.append(link);
  }
  return nav;
}
