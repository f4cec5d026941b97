//! A lesson as the page renders it (`/lessons.json`): its prose written
//! with the origins this browser really uses, and each step with what the
//! catalogue derives for it: its URL, whether the model's Fetch rules call
//! for a preflight, the policy as the code server-b runs, the checks a run
//! is judged by, the same exchange as curl commands, and each engine's
//! console line with the requesting page's origin filled in, for fetch and
//! for XMLHttpRequest (the page adds the URL, which only its run knows).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::checks::Check;
use crate::claim_translation;
use crate::claims;
use crate::console::{self, ConsoleLines};
use crate::translation::Language;
use crate::{
    curl, engines, fetch_rules, prose, Api, Lesson, Origins, PerEngine, Policy, Step, Target,
};

/// A lesson for the page: its text, filled in, and its steps.
#[derive(Serialize)]
pub struct LessonView {
    id: String,
    title: String,
    summary: String,
    explanation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    browsers: Option<engines::EngineNotes>,
    steps: Vec<StepView>,
    /// The story's claims this lesson's steps answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    claims: Vec<ClaimView>,
}

/// A claim of the story, for one lesson: the steps named are this lesson's.
#[derive(Serialize)]
pub struct ClaimView {
    id: &'static str,
    post: claims::Post,
    says: &'static str,
    verdict: claims::Verdict,
    answer: &'static str,
    steps: Vec<&'static str>,
}

/// The claims some step of lesson `id` answers, in `language` (none when
/// the claims file did not load: the servers check it at start).
fn claims_of(id: &str, language: Language) -> Vec<ClaimView> {
    claims::claims()
        .unwrap_or_default()
        .iter()
        .filter_map(|claim| {
            let steps = claim.steps_in(id);
            let (says, answer) = claim_translation::text_in(claim, language);
            (!steps.is_empty()).then(|| ClaimView {
                id: &claim.id,
                post: claim.post,
                says,
                verdict: claim.verdict,
                answer,
                steps,
            })
        })
        .collect()
}

/// A step for the page: the file's fields and what the catalogue derives.
#[derive(Serialize)]
pub struct StepView {
    #[serde(flatten)]
    step: Step,
    /// The policy server-b answers this step with: the lesson's own, or the
    /// real API's for `target = "api"`.
    effective_policy: Option<Policy>,
    /// That policy as the code server-b runs for the allowlisted page.
    policy_code: Option<String>,
    url_path: String,
    /// The origin the request goes to (the page's, or server-b's over the
    /// step's scheme); `None` for an https step when server-b serves none.
    request_origin: Option<String>,
    /// The frame that sends the step, when the page does not send it itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    sender_frame: Option<crate::origins::Frame>,
    /// The `Origin` the browser sends with it.
    sender_origin: String,
    preflighted: bool,
    expected_requests: u32,
    /// The rows of the page's "expected vs observed" table.
    checks: Vec<Check>,
    curl: Vec<String>,
    /// What to run once before `curl`: saving the lab's CA for an https step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    curl_setup: Vec<String>,
    /// A blocked step's console lines for each API (`fetch`, `xhr`), with
    /// the sending origin filled in: the page shows the ones of the API it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    console_by_api: Option<BTreeMap<&'static str, PerEngine<ConsoleLines>>>,
    /// Firefox's lines as its Russian and Chinese language packs write them,
    /// by API and then by the lab's language (`ru`, `zh`): Firefox
    /// translates its console, the other engines do not.
    #[serde(skip_serializing_if = "Option::is_none")]
    firefox_translated: Option<BTreeMap<&'static str, BTreeMap<&'static str, ConsoleLines>>>,
}

/// A lesson as the page at `origins` renders it; `lesson` is in `language`
/// already (`translation::lesson_in`), and so are the claims it answers.
pub fn lesson_view(lesson: &Lesson, origins: &Origins, language: Language) -> LessonView {
    // The prose speaks of the lab as opened at its allowlisted page.
    let lesson = prose::fill_lesson(lesson, &origins.from_lab_page());
    let steps = lesson
        .steps
        .iter()
        .map(|step| step_view(&lesson.id, step, origins))
        .collect();
    let claims = claims_of(&lesson.id, language);
    LessonView {
        claims,
        id: lesson.id,
        title: lesson.title,
        summary: lesson.summary,
        explanation: lesson.explanation,
        browsers: lesson.browsers,
        steps,
    }
}

fn step_view(lesson_id: &str, step: &Step, origins: &Origins) -> StepView {
    // The console lines name the origin that sends the step: filled in once.
    let step_for_page = with_console_origin(step, origins);
    let effective_policy = match &step.target {
        Target::Lab(endpoint) => Some(endpoint.policy.clone()),
        Target::Api => Some(Policy::ActixCors(crate::api_policy())),
        Target::Page => None,
    };
    StepView {
        policy_code: effective_policy
            .as_ref()
            .and_then(|policy| policy.code(origins.lab_page())),
        effective_policy,
        url_path: step.url_path(lesson_id),
        request_origin: origins.target_of(step).map(str::to_owned),
        sender_frame: origins.frame(step),
        sender_origin: origins.sender(step),
        preflighted: fetch_rules::needs_preflight(step),
        expected_requests: step.expected_requests(),
        checks: step.checks(),
        curl: curl::commands(lesson_id, step, origins)
            .iter()
            .map(curl::CurlCommand::to_shell)
            .collect(),
        curl_setup: curl::setup(step, origins)
            .iter()
            .map(curl::CurlCommand::to_shell)
            .collect(),
        console_by_api: console_by_api(&step_for_page),
        firefox_translated: firefox_translated(&step_for_page),
        step: step_for_page,
    }
}

/// The step's console lines (origin filled in) as each API logs them.
fn console_by_api(step: &Step) -> Option<BTreeMap<&'static str, PerEngine<ConsoleLines>>> {
    let lines = step.expect.console.as_ref()?;
    let by_api = Api::ALL
        .into_iter()
        .map(|api| (api.id(), console::lines_for_api(lines, api)))
        .collect();
    Some(by_api)
}

/// Firefox's lines for each API in each language pack the lab runs; none
/// for a step Firefox logs nothing for.
fn firefox_translated(
    step: &Step,
) -> Option<BTreeMap<&'static str, BTreeMap<&'static str, ConsoleLines>>> {
    use cors_model::console::{firefox_line_in, FirefoxLocale};
    let lines = step.expect.console.as_ref()?;
    if lines.firefox.0.is_empty() {
        return None;
    }
    let languages = [("ru", FirefoxLocale::Ru), ("zh", FirefoxLocale::ZhCn)];
    let by_api = Api::ALL
        .into_iter()
        .map(|api| {
            let english = console::lines_for_api(lines, api).firefox;
            let translated = languages
                .iter()
                .map(|(code, locale)| {
                    let lines = english.map(|line| {
                        firefox_line_in(*locale, line).unwrap_or_else(|| line.to_owned())
                    });
                    (*code, lines)
                })
                .collect();
            (api.id(), translated)
        })
        .collect();
    Some(by_api)
}

/// The step with its console lines naming the origin that sends it.
fn with_console_origin(step: &Step, origins: &Origins) -> Step {
    let origin = &origins.sender(step);
    let mut step = step.clone();
    if let Some(lines) = &step.expect.console {
        step.expect.console =
            Some(lines.map(|_, lines| lines.map(|line| console::fill_origin(line, origin))));
    }
    step
}
