// The story's claims a lesson answers (`LessonView.claims`, from the
// repository's lessons/catalogue/story/claims.toml): what the post says,
// the lab's verdict, what the browsers did, and the steps that show it.

import { h } from "./dom.js";

const POSTS = { ru: "The Russian post", zh: "The Chinese post", story: "The story" };
const VERDICTS = { confirmed: "confirmed", nuance: "confirmed, with a nuance", wrong: "wrong" };

/** The lesson's claims as an aside, or null when it answers none. */
export function storyClaims(lesson) {
  if (!lesson.claims || lesson.claims.length === 0) return null;
  return h(
    "aside",
    { class: "claims", "data-claims": "" },
    h("h3", {}, "What the story says, and what the browsers did"),
    h("ul", {}, lesson.claims.map((claim) => claimItem(claim, lesson))),
  );
}

function claimItem(claim, lesson) {
  return h(
    "li",
    { "data-claim": claim.id, "data-verdict": claim.verdict },
    h("p", {}, `${POSTS[claim.post]}: `, h("q", {}, claim.says)),
    h(
      "p",
      {},
      h("strong", { class: `verdict ${claim.verdict}` }, VERDICTS[claim.verdict]),
      `: ${claim.answer} `,
      h("span", { class: "note" }, `(${stepsSentence(claim.steps, lesson)})`),
    ),
  );
}

/** "step 2", "steps 2 and 3", "steps 1, 2 and 4", by position in the lesson. */
function stepsSentence(names, lesson) {
  const numbers = names.map((name) => lesson.steps.findIndex((s) => s.name === name) + 1);
  if (numbers.length === 1) return `step ${numbers[0]}`;
  const last = numbers.pop();
  return `steps ${numbers.join(", ")} and ${last}`;
}
