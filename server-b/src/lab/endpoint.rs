//! The handler behind every lab endpoint: it answers with JSON saying what it
//! did, and counts the writes that reached it, so a lesson can show that a
//! request JavaScript could not read still ran on the server.

use actix_web::http::{Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use lessons::answers::EndpointAnswers;
use lessons::{LabEndpoint, Serves};
use serde::Serialize;

use crate::recorder::{Recorder, RunId};

pub struct Endpoint {
    lesson: String,
    path: String,
    /// What the endpoint writes itself, as the lessons crate describes it
    /// (`lessons::answers`, which the model's tests judge too).
    answers: EndpointAnswers,
    /// The two statuses of `answers`, converted once, when mounted.
    preflight_status: StatusCode,
    response_status: StatusCode,
    serves: Option<Serves>,
}

impl Endpoint {
    /// The endpoint at `path` of `lesson`, as its lab step describes it.
    pub fn new(lesson: &str, path: &str, lab: &LabEndpoint) -> Self {
        let answers = lessons::answers::endpoint(lab);
        let status = |code: u16, otherwise| StatusCode::from_u16(code).unwrap_or(otherwise);
        Endpoint {
            lesson: lesson.to_owned(),
            path: path.to_owned(),
            preflight_status: status(answers.preflight_status, StatusCode::NO_CONTENT),
            response_status: status(lessons::answers::RESPONSE_STATUS, StatusCode::OK),
            answers,
            serves: lab.serves,
        }
    }
}

/// The body every lab endpoint answers with (but the victims, which serve
/// their data instead): what it did. The page shows it as JavaScript read
/// it, and its `writes` check reads `writes`: a request JavaScript could not
/// read still ran. Fields in alphabetical order, the order the body has
/// always had.
#[derive(Serialize)]
pub struct EndpointEcho<'a> {
    /// The endpoint's path within its lesson.
    pub endpoint: &'a str,
    /// The lesson's id.
    pub lesson: &'a str,
    /// The request's method.
    pub method: &'a str,
    /// The writes to this lesson in the run so far, this request included
    /// when it is one; `null` without a run (or when the recorder had no
    /// room for it).
    pub writes: Option<u64>,
}

pub async fn respond(
    req: HttpRequest,
    endpoint: web::Data<Endpoint>,
    recorder: web::Data<Recorder>,
) -> HttpResponse {
    let method = req.method();
    if method == Method::OPTIONS {
        // A preflight that no actix-cors answered: reply with the lesson's
        // status (204 unless it says otherwise), its preflight-only headers
        // and whatever headers the lesson's literal policy adds (or none).
        let mut preflight = HttpResponse::build(endpoint.preflight_status);
        for (name, value) in &endpoint.answers.preflight_headers {
            preflight.append_header((name.as_str(), value.as_str()));
        }
        return preflight.finish();
    }
    match endpoint.serves {
        Some(Serves::Account) => return super::victim::account(&req),
        Some(Serves::Internal) => return super::victim::internal(),
        Some(Serves::BasicAuth) => return super::basic_auth::respond(&req),
        Some(Serves::SameSiteOnly) if super::fetch_metadata::cross_site(&req) => {
            return super::fetch_metadata::refuse();
        }
        Some(
            Serves::LoginSameSiteNone | Serves::Logout | Serves::CountedGet | Serves::SameSiteOnly,
        )
        | None => {}
    }
    let write = !matches!(*method, Method::GET | Method::HEAD)
        || endpoint.serves == Some(Serves::CountedGet);
    // Writes (any method but GET and HEAD) are counted per run, so every run
    // counts from zero; without a run, or when the recorder had no room for
    // it, there is no count to give.
    let writes = RunId::of_query(req.query_string())
        .and_then(|run| recorder.count_write(&run, &endpoint.lesson, write).ok());
    let mut response = HttpResponse::build(endpoint.response_status);
    for (name, value) in &endpoint.answers.response_headers {
        response.append_header((name.as_str(), value.as_str()));
    }
    response.json(EndpointEcho {
        endpoint: &endpoint.path,
        lesson: &endpoint.lesson,
        method: method.as_str(),
        writes,
    })
}
