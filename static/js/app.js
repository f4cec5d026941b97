// The lab page: loads the configuration and the lessons, routes #/<lesson-id>
// (route.js), keeps progress in localStorage, and exposes the automation surface:
//
//   window.lab.ready        a Promise, resolved once config and lessons are loaded
//   window.lab.lessons      the catalogue's lesson ids, in order
//   window.lab.run(id, {api}) runs a lesson once the runs asked for before it
//                           have ended, with api "fetch" (the default) or "xhr";
//                           resolves to {id, api, outcome, status, body, exchanges, steps}
//   window.lab.playground   link(state), state(), run(state): see playground.js
//   window.lab.check        run({url, method, headers, credentials}): see api-check.js
//   window.lab.explainError(text) the console text read back to its checks: see error-view.js
//   window.lab.explainHar(har) POST /har's verdicts for a HAR object: see har.js
//   [data-lesson="<id>"]    the lesson view, with its [data-run] button and
//                           [data-outcome] ("allowed" / "blocked" after a run)

import { chooseLanguage, languageSwitch, useLanguage } from "./lang.js";
import { loadWords, t } from "./words.js";
import { installCheck, isCheckRoute, showCheck } from "./api-check.js";
import { h } from "./dom.js";
import { installErrorView, isErrorRoute, showErrorView } from "./error-view.js";
import { installHar, isHarRoute, showHar } from "./har.js";
import { installPlayground, showPlayground } from "./playground.js";
import { isPlaygroundRoute } from "./playground-state.js";
import { renderLesson, renderNav } from "./render.js";
import { showFailure, showResult, showRunning } from "./results.js";
import { parseRoute, routeHref } from "./route.js";
import { exchangesOfRun, newNonce, runLesson } from "./run.js";
import { chooseApi, chosenApi } from "./api-switch.js";

const PROGRESS_KEY = "cors-lab.done";

const state = {
  config: null,
  lessons: [],
  done: loadProgress(),
  results: new Map(),
  currentId: null,
};

const lessonIds = [];
const ready = start();
ready.catch(showLoadError);
window.lab = { lessons: lessonIds, ready, run };
installPlayground(window.lab);
installCheck(window.lab);
installErrorView(window.lab);
installHar(window.lab);

async function start() {
  const language = chooseLanguage();
  useLanguage(language);
  /** @type {[import("./contract.js").LabConfig, import("./contract.js").LessonView[]]} */
  const [config, lessons] = await Promise.all([
    getJson("config.json"),
    getJson(`lessons.json?lang=${language}`),
    loadWords(language),
  ]);
  translateStaticWords();
  document.querySelector("header.site").append(languageSwitch(language));
  state.config = config;
  state.lessons = lessons;
  window.lab.language = language;
  lessonIds.push(...lessons.map((lesson) => lesson.id));
  window.lab.config = config;
  document.querySelector("[data-page-origin]").textContent = config.pageOrigin;
  document.querySelector("[data-api-origin]").textContent = config.apiOrigin;
  document.querySelector("[data-reset]").addEventListener("click", resetProgress);
  closeListOnSmallScreens();
  window.addEventListener("hashchange", () => {
    if (parseRoute(location.hash) !== null) show(true);
  });
  document.querySelector(".skip").addEventListener("click", (event) => {
    event.preventDefault();
    document.querySelector("main").focus();
  });
  show(false);
  checkRecorder();
}

/** The page's fixed words (index.html): data-words="view.key" on each. */
function translateStaticWords() {
  for (const node of document.querySelectorAll("[data-words]")) node.textContent = t(node.dataset.words);
  for (const node of document.querySelectorAll("[data-words-title]")) node.title = t(node.dataset.wordsTitle);
  for (const node of document.querySelectorAll("[data-words-label]")) {
    node.setAttribute("aria-label", t(node.dataset.wordsLabel));
  }
}

// The words may be what failed to load: this message stays English.
function showLoadError(error) {
  document.querySelector("main").replaceChildren(
    h("h2", {}, "The lab could not start"),
    h("p", {}, `${error.message || error}. Is server-a running, and did it load the lesson catalogue?`),
  );
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** The views beside the lessons, by the hash that shows each. */
const VIEWS = [
  { name: "playground", matches: isPlaygroundRoute, show: showPlayground },
  { name: "check", matches: isCheckRoute, show: showCheck },
  { name: "error", matches: isErrorRoute, show: showErrorView },
  { name: "har", matches: isHarRoute, show: showHar },
];

/**
 * The attacker's frames (made by frame-sender.js on first use) show only on
 * the views that send from them; hidden, they still run.
 */
function showAttackerFrames(shown) {
  const panel = document.querySelector("[data-attacker-frames]");
  if (panel) panel.hidden = !shown;
}

/** Renders the lesson named by the hash (#/<id>); the first one by default. */
function show(moveFocus) {
  const main = document.querySelector("main");
  const view = VIEWS.find((v) => v.matches(location.hash));
  if (view) {
    state.currentId = null;
    updateNav(view.name);
    showAttackerFrames(view.name === "playground");
    view.show(state.config);
    return;
  }
  const id = parseRoute(location.hash) ?? "";
  const index = id ? state.lessons.findIndex((lesson) => lesson.id === id) : 0;
  if (index < 0) {
    state.currentId = null;
    main.replaceChildren(
      h("h2", {}, t("site.no_such_lesson")),
      h("p", {}, t("site.no_such_lesson_text", { id })),
    );
    updateNav();
    return;
  }
  const lesson = state.lessons[index];
  if (!lesson) {
    main.replaceChildren(h("h2", {}, t("site.no_lessons")), h("p", {}, t("site.no_lessons_text")));
    return;
  }
  state.currentId = lesson.id;
  document.title = `${lesson.title} · CORS Lab`;
  showAttackerFrames(lesson.steps.some((step) => step.sender_frame));
  const article = renderLesson(lesson, {
    config: state.config,
    index,
    lessons: state.lessons,
    onRun: (lessonId) => run(lessonId, { api: chosenApi(lessonId) }).catch(() => {}),
    api: chosenApi(lesson.id),
    onApiChange: (api) => {
      chooseApi(lesson.id, api);
      state.results.delete(lesson.id);
      show(false);
    },
  });
  main.replaceChildren(article);
  const previous = state.results.get(lesson.id);
  if (previous) showResult(article, lesson, previous, viewContext());
  updateNav();
  const link = document.querySelector("[data-right-origin]");
  if (link) link.href = `${link.dataset.rightOrigin}/${routeHref(lesson.id)}`;
  if (moveFocus) {
    article.querySelector("h2").focus();
    window.scrollTo(0, 0);
  }
}

function viewContext() {
  return { config: state.config };
}

function currentArticle(id) {
  return document.querySelector(`main [data-lesson="${CSS.escape(id)}"]`);
}

/** The runs asked for so far, settled or not: each new run waits for them. */
let runs = Promise.resolve();

/**
 * Queues a run of a lesson behind the runs already asked for, so that runs
 * never interleave: each reads server-b's recorder from the sequence number it
 * saw before sending, and lessons log in and out, so two at once would mix
 * their exchanges and their cookies. Resolves or rejects as that run does.
 */
function run(id, { api = "fetch" } = {}) {
  if (api !== "fetch" && api !== "xhr") return Promise.reject(new Error(`no API "${api}": use "fetch" or "xhr"`));
  const queued = runs.then(() => runNow(id, api));
  runs = queued.catch(() => {});
  return queued;
}

/**
 * Runs a lesson and shows its results if its view is on screen. Never rejects
 * for a CORS failure; rejects only when the lab itself cannot run.
 */
async function runNow(id, api) {
  await window.lab.ready;
  const lesson = state.lessons.find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson "${id}"`);
  const before = currentArticle(id);
  if (before) showRunning(before);
  let result;
  try {
    result = await runLesson(lesson, state.config, api);
  } catch (error) {
    const article = currentArticle(id);
    if (article) showFailure(article, error);
    throw error;
  }
  state.results.set(id, result);
  markDone(id);
  const article = currentArticle(id);
  if (article) showResult(article, lesson, result, viewContext());
  return result;
}

function updateNav(view = "lessons") {
  for (const link of document.querySelectorAll("[data-view-link]")) {
    if (link.dataset.viewLink === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  renderNav(document.querySelector("[data-lesson-list]"), state.lessons, state.done, state.currentId);
  const done = state.lessons.filter((l) => state.done.has(l.id)).length;
  document.querySelector("[data-progress]").textContent = t("site.progress", { done, all: state.lessons.length });
}

function loadProgress() {
  try {
    return new Set(JSON.parse(localStorage.getItem(PROGRESS_KEY) || "[]"));
  } catch {
    return new Set();
  }
}

function saveProgress() {
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify([...state.done]));
  } catch {
    // Storage may be off (private mode): progress then lasts until reload.
  }
}

function markDone(id) {
  state.done.add(id);
  saveProgress();
  updateNav();
}

function resetProgress() {
  state.done.clear();
  saveProgress();
  updateNav();
}

/** On a phone, the lesson list starts folded so the lesson comes first. */
function closeListOnSmallScreens() {
  if (window.matchMedia("(max-width: 50rem)").matches) {
    document.querySelector("[data-lesson-nav]").open = false;
  }
}

/**
 * Can this page read server-b's recorder? Only origins on server-b's
 * allowlist can. If not, say so and point to the lab's right address.
 */
async function checkRecorder() {
  const page = await exchangesOfRun(state.config, newNonce());
  if (!page.error) return;
  const { pageOrigin, apiOrigin } = state.config;
  const banner = document.querySelector("[data-banner]");
  // The page origin on server-b's allowlist: server-a names it (this page, or
  // the other one when the page was opened at 127.0.0.1).
  const right = state.config.labOrigin;
  const route = state.currentId ? routeHref(state.currentId) : "";
  const parts = [
    h("strong", {}, t("site.wire_off")),
    " ",
    t("site.wire_off_cannot_read", { page: pageOrigin, recorder: `${apiOrigin}/lab/exchanges` }),
    " ",
  ];
  if (right !== pageOrigin) {
    const link = h("a", { href: `${right}/${route}`, "data-right-origin": right }, right);
    parts.push(t("site.wire_off_not_allowed", { right: link }));
    if (state.lessons.some((l) => l.id === "disallowed-origin")) {
      const lesson = h("a", { href: routeHref("disallowed-origin") }, "disallowed-origin");
      parts.push(" ", t("site.wire_off_lesson", { lesson }));
    }
  } else {
    parts.push(t("site.wire_off_is_b_running", { api: apiOrigin, page: pageOrigin }));
  }
  banner.replaceChildren(h("p", {}, parts));
  banner.hidden = false;
}
