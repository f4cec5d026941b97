//! A policy written out as the code server-b runs for it, for the page to show:
//! the actix-cors builder chain for a correct policy, the header lines for a
//! literal one. It is rendered here, next to the types, and nowhere else;
//! server-b's `lab/policy.rs` builds the same chain and its tests hold the two
//! together.

use crate::model::{fill_literal, ActixCorsPolicy, OriginRule, Policy};

impl Policy {
    /// The code behind this policy, with `page_origin` as the allowlisted page;
    /// `None` when there is no CORS code at all.
    pub fn code(&self, page_origin: &str) -> Option<String> {
        match self {
            Policy::None => None,
            Policy::ActixCors(policy) => Some(policy.rust_snippet(page_origin)),
            Policy::Permissive => Some("Cors::permissive()".to_owned()),
            Policy::Literal { headers } => Some(
                headers
                    .iter()
                    .map(|(name, value)| {
                        let value = fill_literal(value, page_origin);
                        format!("{name}: {value}")
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
}

impl ActixCorsPolicy {
    /// The builder chain, one call a line, as a learner would write it for
    /// `page_origin` (server-b allows each origin of its allowlist the same way).
    pub fn rust_snippet(&self, page_origin: &str) -> String {
        let regex = match &self.origins {
            OriginRule::Regex(pattern) => Some(format!(
                "let trusted = Regex::new({}).unwrap();",
                rust_raw_str(pattern.as_str())
            )),
            _ => None,
        };
        regex
            .into_iter()
            .chain(std::iter::once("Cors::default()".to_owned()))
            .chain(
                self.builder_calls(page_origin)
                    .iter()
                    .map(|call| format!("    .{call}")),
            )
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The calls in the order server-b makes them; an empty list makes no call.
    fn builder_calls(&self, page_origin: &str) -> Vec<String> {
        let origins = match &self.origins {
            OriginRule::Page => vec![format!("allowed_origin({})", rust_str(page_origin))],
            OriginRule::Any => vec!["allow_any_origin()".into(), "send_wildcard()".into()],
            OriginRule::Exactly(value) => vec![format!("allowed_origin({})", rust_str(value))],
            OriginRule::StartsWith(prefix) => vec![format!(
                "allowed_origin_fn(|origin, _req| origin.as_bytes().starts_with(b{}))",
                rust_str(prefix)
            )],
            OriginRule::HostEndsWith(suffix) => vec![format!(
                "allowed_origin_fn(|origin, _req| {{\n        \
                 let origin = origin.to_str().unwrap_or_default();\n        \
                 let host = origin.split(\"://\").nth(1).unwrap_or_default();\n        \
                 host.split(':').next().unwrap_or_default().ends_with({})\n    \
                 }})",
                rust_str(suffix)
            )],
            OriginRule::Regex(_) => vec![
                "allowed_origin_fn(move |origin, _req| trusted.is_match(origin.to_str().unwrap_or_default()))"
                    .into(),
            ],
        };
        let lists = [
            ("allowed_methods", &self.methods),
            ("allowed_headers", &self.headers),
            ("expose_headers", &self.expose),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(method, items)| format!("{method}({})", rust_array(items)));
        let credentials = self
            .credentials
            .then(|| "supports_credentials()".to_owned());
        let max_age = self.max_age.map(|secs| format!("max_age({secs})"));
        origins
            .into_iter()
            .chain(lists)
            .chain(credentials)
            .chain(max_age)
            .collect()
    }
}

/// A Rust string literal (the values are origins and header names: plain ASCII).
fn rust_str(text: &str) -> String {
    format!("{text:?}")
}

/// A raw string literal, as people write regular expressions in Rust.
fn rust_raw_str(text: &str) -> String {
    format!("r\"{text}\"")
}

fn rust_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| rust_str(item)).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_policy_reads_as_its_builder() {
        assert_eq!(
            crate::api_policy().rust_snippet("http://localhost:9080"),
            "Cors::default()\n    \
             .allowed_origin(\"http://localhost:9080\")\n    \
             .allowed_methods([\"GET\", \"POST\", \"PUT\", \"DELETE\"])\n    \
             .allowed_headers([\"Content-Type\"])\n    \
             .supports_credentials()\n    \
             .max_age(7200)"
        );
    }

    #[test]
    fn any_origin_is_a_wildcard_and_literal_headers_are_lines() {
        let any = ActixCorsPolicy {
            origins: OriginRule::Any,
            methods: vec![],
            headers: vec![],
            expose: vec!["X-Lab-Secret".into()],
            max_age: None,
            credentials: false,
        };
        assert_eq!(
            any.rust_snippet("http://x.test"),
            "Cors::default()\n    .allow_any_origin()\n    .send_wildcard()\n    \
             .expose_headers([\"X-Lab-Secret\"])"
        );
        let literal = Policy::Literal {
            headers: [(
                "Access-Control-Allow-Origin",
                crate::PAGE_ORIGIN_PLACEHOLDER,
            )]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .into(),
        };
        assert_eq!(
            literal.code("http://localhost:9080").unwrap(),
            "Access-Control-Allow-Origin: http://localhost:9080"
        );
        assert_eq!(Policy::None.code("http://x.test"), None);
    }
}
