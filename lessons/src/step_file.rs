//! A step as its lesson file writes it: every field flat, as the authors
//! write them and as `/lessons.json` hands them to the page. Reading one into
//! a [`Step`] puts each kind's fields into that kind (a lab step's endpoint,
//! XMLHttpRequest's settings) and refuses a step that gives a field to a
//! kind it does not belong to. The types do this and not serde's `flatten`,
//! because `flatten` cannot refuse unknown fields, and a typo must not pass.

use std::collections::BTreeMap;
use std::mem;

use serde::{Deserialize, Serialize};

use crate::model::{
    Api, BodyKind, Credentials, EmbedderPolicy, Expect, FixedApi, Initiator, LabEndpoint,
    OpenCredentials, Policy, RequestMode, Scheme, ServerName, Serves, Step, Target, TargetKind,
    WithCredentials, XhrSettings,
};

/// A step's fields as the file writes them (and the page reads them).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepFile {
    name: String,
    title: String,
    #[serde(default)]
    from: Initiator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attacker_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    embedder_policy: Option<EmbedderPolicy>,
    #[serde(default)]
    target: TargetKind,
    #[serde(default, skip_serializing_if = "Scheme::is_default")]
    scheme: Scheme,
    #[serde(default, skip_serializing_if = "ServerName::is_default")]
    server_name: ServerName,
    path: String,
    #[serde(default = "default_method")]
    method: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(default)]
    body_kind: BodyKind,
    #[serde(default)]
    credentials: Credentials,
    #[serde(default, skip_serializing_if = "RequestMode::is_default")]
    mode: RequestMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    api: Option<Api>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    upload_listener: bool,
    #[serde(default, skip_serializing_if = "WithCredentials::is_default")]
    with_credentials: WithCredentials,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    xhr_user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    xhr_password: Option<String>,
    #[serde(default = "one")]
    times: u32,
    #[serde(default)]
    read_headers: Vec<String>,
    #[serde(default)]
    read_document_cookie: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    policy: Option<Policy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    serves: Option<Serves>,
    #[serde(default)]
    response_headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preflight_answer: Option<u16>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    preflight_headers: BTreeMap<String, String>,
    expect: Expect,
}

/// A step whose fields do not go together, named as the validator names
/// steps, so that the catalogue's error reads the same either way.
#[derive(Debug, thiserror::Error)]
#[error("step '{step}': {rule}")]
pub(crate) struct StepFileError {
    step: String,
    rule: &'static str,
}

impl TryFrom<StepFile> for Step {
    type Error = StepFileError;

    fn try_from(mut file: StepFile) -> Result<Step, StepFileError> {
        let target = file.take_target();
        let api = file.api();
        match (target, api) {
            (Ok(target), Ok(api)) => Ok(file.into_step(target, api)),
            (Err(rule), _) | (_, Err(rule)) => Err(StepFileError {
                step: file.name,
                rule,
            }),
        }
    }
}

impl StepFile {
    /// The step's target, with a lab step's endpoint fields moved into it.
    fn take_target(&mut self) -> Result<Target, &'static str> {
        if !self.server_name.is_default() && self.scheme == Scheme::Https {
            return Err(
                "server_name = \"other-loopback\" is for http: the https origin has one name",
            );
        }
        match self.target {
            TargetKind::Lab => self.take_lab_endpoint().map(|e| Target::Lab(Box::new(e))),
            TargetKind::Api => self.no_lab_endpoint().map(|()| Target::Api),
            TargetKind::Page if self.scheme == Scheme::Https => {
                Err("scheme = \"https\" is server-b's (target \"lab\" or \"api\"): the page is served over http")
            }
            TargetKind::Page if !self.server_name.is_default() => {
                Err("server_name is server-b's (target \"lab\" or \"api\")")
            }
            TargetKind::Page => self.no_lab_endpoint().map(|()| Target::Page),
        }
    }

    fn take_lab_endpoint(&mut self) -> Result<LabEndpoint, &'static str> {
        let policy = self.policy.take().ok_or("a lab step needs a [policy]")?;
        Ok(LabEndpoint {
            policy,
            serves: self.serves.take(),
            response_headers: mem::take(&mut self.response_headers),
            preflight_answer: self.preflight_answer.take(),
            preflight_headers: mem::take(&mut self.preflight_headers),
        })
    }

    /// Only a lab step has an endpoint of its own to describe.
    fn no_lab_endpoint(&self) -> Result<(), &'static str> {
        if self.policy.is_some() {
            return Err("only lab steps have a policy");
        }
        if !self.response_headers.is_empty()
            || self.preflight_answer.is_some()
            || !self.preflight_headers.is_empty()
        {
            return Err("only lab steps set response headers or a preflight answer");
        }
        if self.serves.is_some() {
            return Err("only lab endpoints serve attack-track data");
        }
        Ok(())
    }

    /// The API the step fixes; XMLHttpRequest's settings need that API.
    fn api(&self) -> Result<Option<FixedApi>, &'static str> {
        let open_credentials = match (&self.xhr_user, &self.xhr_password) {
            (Some(user), Some(password)) => Some(OpenCredentials {
                user: user.clone(),
                password: password.clone(),
            }),
            (None, None) => None,
            _ => return Err("xhr_user and xhr_password go together (open()'s last two arguments)"),
        };
        let xhr = XhrSettings {
            upload_listener: self.upload_listener,
            with_credentials: self.with_credentials,
            open_credentials,
        };
        match self.api {
            Some(Api::Xhr) => Ok(Some(FixedApi::Xhr(xhr))),
            _ if xhr.open_credentials.is_some() => Err(
                "xhr_user and xhr_password need api = \"xhr\" (fetch refuses a URL with credentials)",
            ),
            _ if xhr.upload_listener => {
                Err("upload_listener needs api = \"xhr\" (fetch has no upload listener)")
            }
            _ if !xhr.with_credentials.is_default() => Err(
                "with_credentials needs api = \"xhr\" (fetch has credentials, not withCredentials)",
            ),
            Some(Api::Fetch) => Ok(Some(FixedApi::Fetch)),
            None => Ok(None),
        }
    }

    /// The reverse of `take_lab_endpoint`, for writing the step out.
    fn put_lab_endpoint(&mut self, endpoint: LabEndpoint) {
        self.policy = Some(endpoint.policy);
        self.serves = endpoint.serves;
        self.response_headers = endpoint.response_headers;
        self.preflight_answer = endpoint.preflight_answer;
        self.preflight_headers = endpoint.preflight_headers;
    }

    /// The step, once the fields that belong to a kind have been taken.
    fn into_step(self, target: Target, api: Option<FixedApi>) -> Step {
        Step {
            name: self.name,
            title: self.title,
            from: self.from,
            attacker_host: self.attacker_host,
            embedder_policy: self.embedder_policy,
            target,
            scheme: self.scheme,
            server_name: self.server_name,
            path: self.path,
            method: self.method,
            headers: self.headers,
            body: self.body,
            body_kind: self.body_kind,
            credentials: self.credentials,
            mode: self.mode,
            api,
            times: self.times,
            read_headers: self.read_headers,
            read_document_cookie: self.read_document_cookie,
            expect: self.expect,
        }
    }
}

/// The step written flat again: the fields a kind does not have are left
/// empty, which is how the file leaves them out.
impl From<Step> for StepFile {
    fn from(step: Step) -> StepFile {
        let xhr = step.xhr().cloned().unwrap_or_default();
        let mut file = StepFile {
            name: step.name,
            title: step.title,
            from: step.from,
            attacker_host: step.attacker_host,
            embedder_policy: step.embedder_policy,
            target: step.target.kind(),
            scheme: step.scheme,
            server_name: step.server_name,
            path: step.path,
            method: step.method,
            headers: step.headers,
            body: step.body,
            body_kind: step.body_kind,
            credentials: step.credentials,
            mode: step.mode,
            api: step.api.as_ref().map(FixedApi::api),
            upload_listener: xhr.upload_listener,
            with_credentials: xhr.with_credentials,
            xhr_user: xhr.open_credentials.as_ref().map(|c| c.user.clone()),
            xhr_password: xhr.open_credentials.map(|c| c.password),
            times: step.times,
            read_headers: step.read_headers,
            read_document_cookie: step.read_document_cookie,
            policy: None,
            serves: None,
            response_headers: BTreeMap::new(),
            preflight_answer: None,
            preflight_headers: BTreeMap::new(),
            expect: step.expect,
        };
        if let Target::Lab(endpoint) = step.target {
            file.put_lab_endpoint(*endpoint);
        }
        file
    }
}

fn default_method() -> String {
    "GET".into()
}

fn one() -> u32 {
    1
}
