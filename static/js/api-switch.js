// The per-lesson switch between fetch and XMLHttpRequest, remembered in
// localStorage. The code shown, the run, the curl view and the console line
// follow it; a step that fixes its own API (the login's XHR steps) keeps it.

import { h } from "./dom.js";
import { t } from "./words.js";

const KEY = "cors-lab.api";
export const APIS = [
  ["fetch", "fetch"],
  ["xhr", "XMLHttpRequest"],
];

/** The API chosen for a lesson: "fetch" unless "xhr" was picked. */
export function chosenApi(id) {
  return loadChoices()[id] === "xhr" ? "xhr" : "fetch";
}

/** Remembers the API chosen for a lesson. */
export function chooseApi(id, api) {
  const choices = loadChoices();
  choices[id] = api;
  try {
    localStorage.setItem(KEY, JSON.stringify(choices));
  } catch {
    // Storage may be off (private mode): the choice then lasts until reload.
    memory[id] = api;
  }
}

const memory = {};

function loadChoices() {
  try {
    return { ...JSON.parse(localStorage.getItem(KEY) || "{}"), ...memory };
  } catch {
    return { ...memory };
  }
}

/** Two radio buttons; `onChange(api)` runs when the learner picks the other. */
export function apiSwitch(id, api, onChange) {
  const name = `api-${id}`;
  return h(
    "fieldset",
    { class: "api-switch", "data-api-switch": true },
    h("legend", {}, t("lesson.send_with")),
    APIS.map(([value, label]) =>
      h(
        "label",
        {},
        h("input", {
          type: "radio",
          name,
          value,
          checked: value === api ? true : null,
          onchange: () => onChange(value),
        }),
        " ",
        h("code", {}, label),
      )
    ),
  );
}
