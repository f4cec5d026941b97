//! What server-b answers a lab step, written once. The endpoint writes its
//! own part ([`endpoint`]: the preflight's status and headers, the
//! response's extra headers); a literal policy adds its headers to both
//! answers. Where the file alone says every header ([`known`]: a literal
//! policy or none, and no victim endpoint behind it), the model judges
//! those answers in the lessons' tests; actix-cors answers at run time.

use std::collections::BTreeMap;

use cors_model::Answer;

use crate::fill_literal;
use crate::model::{LabEndpoint, Policy, Serves};

/// The part of a step's answers its endpoint writes itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointAnswers {
    /// The status of a preflight no CORS middleware answered (204 unless
    /// the file says `preflight_answer`).
    pub preflight_status: u16,
    /// Headers on that preflight only.
    pub preflight_headers: Vec<(String, String)>,
    /// Headers on the actual response only.
    pub response_headers: Vec<(String, String)>,
}

/// The status of an actual response the endpoint writes itself.
pub const RESPONSE_STATUS: u16 = 200;

/// What `endpoint` writes itself.
pub fn endpoint(endpoint: &LabEndpoint) -> EndpointAnswers {
    let pairs =
        |map: &BTreeMap<String, String>| map.iter().map(|(n, v)| (n.clone(), v.clone())).collect();
    EndpointAnswers {
        preflight_status: endpoint.preflight_answer.unwrap_or(204),
        preflight_headers: pairs(&endpoint.preflight_headers),
        response_headers: pairs(&endpoint.response_headers),
    }
}

/// Both answers of a lab step's `lab` endpoint, for the page at
/// `page_origin`, where the file alone says them; `None` where actix-cors
/// answers, or a victim endpoint (`serves`) writes a response of its own.
pub fn known(lab: &LabEndpoint, page_origin: &str) -> Option<(Answer, Answer)> {
    let no_headers = BTreeMap::new();
    let literal = match &lab.policy {
        Policy::Literal { headers } => headers,
        Policy::None => &no_headers,
        Policy::ActixCors(_) | Policy::Permissive => return None,
    };
    if lab.serves.is_some_and(Serves::answers_itself) {
        return None;
    }
    let own = endpoint(lab);
    let mut preflight = Answer::new(own.preflight_status);
    let mut response = Answer::new(RESPONSE_STATUS);
    for (name, value) in literal {
        let value = fill_literal(value, page_origin);
        preflight = preflight.with(name, &value);
        response = response.with(name, &value);
    }
    for (name, value) in &own.preflight_headers {
        preflight = preflight.with(name, value);
    }
    for (name, value) in &own.response_headers {
        response = response.with(name, value);
    }
    Some((preflight, response))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The endpoint's own status is what a lesson expects the preflight to
    /// get, where the file sets one (the story's 503 preflight).
    #[test]
    fn a_preflight_status_the_file_sets_is_the_answer_and_the_expectation() {
        let lesson = crate::find("story-claims").unwrap();
        let (step, lab) = lesson
            .steps
            .iter()
            .find_map(|s| Some((s, s.lab().filter(|e| e.preflight_answer.is_some())?)))
            .unwrap();
        let (preflight, response) = known(lab, "http://localhost:8080").unwrap();
        assert_eq!(preflight.status, 503);
        assert_eq!(step.expect.preflight_status, Some(503));
        assert_eq!(response.status, RESPONSE_STATUS);
        let filled = preflight.get("Access-Control-Allow-Origin");
        assert_eq!(filled.as_deref(), Some("http://localhost:8080"));
    }
}
