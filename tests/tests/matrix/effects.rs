//! What a case leaves behind besides its verdict, and how the browser shows
//! it: a `Set-Cookie` on the response (stored or not: the next credentialed
//! request to server-b carries it or not, as server-b's recorder sees), the
//! preflight cache (a second identical request within the run is preflighted
//! again or answered from the cache, as server-b's recorder counts), and
//! `Vary` (which changes no verdict: the cases with it must agree like the
//! rest). A Max-Age above an engine's cap (Chromium 7200 s, Firefox 86400 s)
//! cannot be waited out; what is observable is that the entry is used.

use cors_model::Verdict;
use lab_tests::TestApp;
use serde_json::{json, Map, Value};

use crate::Rng;

/// Max-Age values: none, 0, a short one, one above Chromium's cap (at
/// Firefox's), one above both caps, and one no engine can parse as a number.
pub const MAX_AGES: [&str; 7] = ["", "0", "600", "86400", "100000", "99999999999", "ten"];

/// `Vary` on both answers; `""` leaves it out.
const VARY: [&str; 5] = ["", "", "Origin", "Accept-Encoding", "Origin, Accept"];

/// `Set-Cookie` attributes after `m<case>=1`; the playground accepts these.
const COOKIE_ATTRIBUTES: [&str; 7] = [
    "",
    "; SameSite=Lax",
    "; SameSite=Strict",
    "; SameSite=None",
    "; SameSite=None; Secure",
    "; Secure",
    "; HttpOnly",
];

/// Adds `vary` and `set_cookie` to a generated case, as the playground's
/// policy carries them (top-level fields). The cookie is named after the
/// case, so that no earlier case's cookie can be mistaken for it.
pub fn generate(rng: &mut Rng, index: usize, case: &mut Map<String, Value>) {
    let vary = rng.pick(&VARY);
    if !vary.is_empty() {
        case.insert("vary".into(), json!(vary));
    }
    if rng.chance(35) {
        let attributes = rng.pick(&COOKIE_ATTRIBUTES);
        case.insert(
            "set_cookie".into(),
            json!(format!("{}=1{attributes}", cookie_name(index))),
        );
    }
}

/// The cookie a case sets.
pub fn cookie_name(index: usize) -> String {
    format!("m{index}")
}

/// The policy part of a case, as `/lab/playground?p=` takes it.
pub fn policy(case: &Value) -> Value {
    let mut policy = json!({ "preflight": case["preflight"], "response": case["response"] });
    for field in ["vary", "set_cookie"] {
        if case.get(field).is_some() {
            policy[field] = case[field].clone();
        }
    }
    policy
}

/// Whether the model says a second identical request would be answered from
/// the preflight cache: `None` when no entry is made (no preflight, or it
/// failed), else the entry's word (it lives longer than 0 s, and the
/// engine's lookup finds the method and headers in it).
pub fn repeat_from_cache(verdict: &Verdict) -> Option<bool> {
    verdict.cache.as_ref().map(|entry| entry.answers_repeat)
}

/// Whether the entry's lifetime is the engine's cap, not the Max-Age sent.
pub fn capped(verdict: &Verdict) -> bool {
    verdict
        .cache
        .as_ref()
        .is_some_and(|entry| entry.source == cors_model::cache::CacheSource::Capped)
}

/// The model's word on the case's cookie: stored or not (`None`: no cookie).
pub fn stored(verdict: &Verdict) -> Option<bool> {
    verdict.cookies_stored.first().map(|effect| effect.yes)
}

/// A credentialed GET from the page to server-b (same-site, so every cookie
/// the browser holds for it goes along, whatever its SameSite), answered
/// with a policy that lets the page read it (so it logs no CORS error) and
/// that deletes the case's cookie again: server-b's recorder keeps 16
/// cookie names per request, so cookies must not pile up over the cases.
pub const PROBE: &str = "const [url, done] = arguments;
fetch(url, { credentials: 'include' }).then(r => r.text()).then(() => done(true), e => done(String(e)));";

/// The probe's URL for the case, in a run of its own.
pub fn probe_url(lab: &TestApp, case: &Value, run: &str) -> String {
    let set_cookie = case["set_cookie"].as_str().unwrap_or_default();
    let (pair, attributes) = set_cookie.split_once(';').unwrap_or((set_cookie, ""));
    let name = pair.split('=').next().unwrap_or_default();
    let sep = if attributes.is_empty() { "" } else { ";" };
    let policy = json!({
        "response": {"allow_origin": "page", "allow_credentials": "true"},
        "set_cookie": format!("{name}=0; Max-Age=0{sep}{attributes}"),
    })
    .to_string();
    let encoded: String = url::form_urlencoded::byte_serialize(policy.as_bytes()).collect();
    format!("{}/lab/playground?p={encoded}&run={run}", lab.api)
}

/// Whether the probe carried the cookie, from server-b's record of it.
pub fn probe_carried(exchanges: &[Value], name: &str) -> Option<bool> {
    let request = exchanges.iter().find(|e| e["method"] == "GET")?;
    let names = request["request"]["cookie_names"].as_array()?;
    Some(names.iter().any(|n| n == name))
}

/// Counts of what the cases exercised, for the tally line.
#[derive(Default)]
pub struct Coverage {
    pub cookies: usize,
    pub stored: usize,
    pub vary: usize,
    pub repeated: usize,
    pub from_cache: usize,
    pub capped: usize,
}

impl Coverage {
    pub fn summary(&self) -> String {
        format!(
            "{} with Set-Cookie ({} stored), {} with Vary, {} repeated ({} from the preflight cache, \
             {} with Max-Age above the engine's cap)",
            self.cookies, self.stored, self.vary, self.repeated, self.from_cache, self.capped
        )
    }
}
