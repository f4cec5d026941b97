// The story's claims a lesson answers (`LessonView.claims`, from the
// repository's lessons/catalogue/story/claims.toml): what the post says,
// the lab's verdict, what the browsers did, and the steps that show it.

import { h } from "./dom.js";
import { count, listOf, t } from "./words.js";

function postWords(post) {
  if (post === "ru") return t("claims.post_ru");
  if (post === "zh") return t("claims.post_zh");
  return t("claims.story");
}

function verdictWords(verdict) {
  if (verdict === "confirmed") return t("claims.confirmed");
  if (verdict === "nuance") return t("claims.nuance");
  return t("claims.wrong");
}

/** The lesson's claims as an aside, or null when it answers none. */
export function storyClaims(lesson) {
  if (!lesson.claims || lesson.claims.length === 0) return null;
  return h(
    "aside",
    { class: "claims", "data-claims": "" },
    h("h3", {}, t("claims.heading")),
    h("ul", {}, lesson.claims.map((claim) => claimItem(claim, lesson))),
  );
}

function claimItem(claim, lesson) {
  return h(
    "li",
    { "data-claim": claim.id, "data-verdict": claim.verdict },
    h("p", {}, t("claims.says", { post: postWords(claim.post), claim: h("q", {}, claim.says) })),
    h(
      "p",
      {},
      t("claims.verdict_line", {
        verdict: h("strong", { class: `verdict ${claim.verdict}` }, verdictWords(claim.verdict)),
        answer: claim.answer,
        steps: h("span", { class: "note" }, stepsSentence(claim.steps, lesson)),
      }),
    ),
  );
}

/** "step 2", "steps 2 and 3", "steps 1, 2 and 4", by position in the lesson. */
function stepsSentence(names, lesson) {
  const numbers = names.map((name) => lesson.steps.findIndex((s) => s.name === name) + 1);
  return count("claims.steps", numbers.length, { steps: listOf(numbers) });
}
