//! `GET /lessons.json`: the catalogue as the page renders it, with what the
//! catalogue derives for each step (its URL, whether the Fetch rules call for a
//! preflight, the same exchange as curl commands).

use ::lessons::{curl, fetch_rules, Lesson, Policy, Step, Target};
use actix_web::{get, web, HttpRequest, HttpResponse};
use common::Origin;
use serde::Serialize;

use super::page_origins;

#[derive(Serialize)]
struct LessonView<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    explanation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    browsers: Option<&'a str>,
    steps: Vec<StepView<'a>>,
}

#[derive(Serialize)]
struct StepView<'a> {
    #[serde(flatten)]
    step: &'a Step,
    /// The policy server-b answers this step with: the lesson's own, or the
    /// real API's for `target = "api"`.
    effective_policy: Option<Policy>,
    url_path: String,
    preflighted: bool,
    expected_requests: u32,
    curl: Vec<String>,
}

#[get("/lessons.json")]
pub async fn catalogue(req: HttpRequest, api_origin: web::Data<Origin>) -> HttpResponse {
    let (page, other_page) = page_origins(&req);
    let origins = curl::Origins {
        page,
        other_page,
        api: api_origin.to_string(),
    };
    match ::lessons::catalogue() {
        Ok(catalogue) => {
            let views: Vec<_> = catalogue.iter().map(|l| view(l, &origins)).collect();
            HttpResponse::Ok().json(views)
        }
        Err(e) => HttpResponse::InternalServerError().json(serde_json::json!({ "error": e })),
    }
}

fn view<'a>(lesson: &'a Lesson, origins: &curl::Origins) -> LessonView<'a> {
    LessonView {
        id: &lesson.id,
        title: &lesson.title,
        summary: &lesson.summary,
        explanation: &lesson.explanation,
        browsers: lesson.browsers.as_deref(),
        steps: lesson
            .steps
            .iter()
            .map(|step| StepView {
                step,
                effective_policy: match step.target {
                    Target::Api => Some(Policy::ActixCors(::lessons::api_policy())),
                    _ => step.policy.clone(),
                },
                url_path: step.url_path(&lesson.id),
                preflighted: fetch_rules::needs_preflight(step),
                expected_requests: step.expected_requests(),
                curl: curl::commands(&lesson.id, step, origins)
                    .iter()
                    .map(curl::CurlCommand::to_shell)
                    .collect(),
            })
            .collect(),
    }
}
