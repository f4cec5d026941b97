//! The doctor's command line, and the checks that turn it into a request the
//! model understands: a clear message for every mistake, never a panic.

use clap::Parser;
use cors_model::{BodyKind, CookieSpec, Credentials, Engine, Headers, Language, Request};

use crate::http::Options;
use crate::DoctorError;

/// Sends the exchange a browser would send (the preflight when it would,
/// then the request) and gives the engine's CORS verdict.
///
/// Exit status: 0 allowed, 1 blocked, 2 bad input, server unreachable or
/// timed out. The actual request is really sent, as a browser would send
/// it: mind what a POST, PUT or DELETE does to your API.
#[derive(Debug, Clone, Parser)]
#[command(name = "cors-doctor", version)]
pub struct Args {
    /// The URL the page would fetch (http or https).
    pub url: String,
    /// The page's origin, e.g. http://localhost:8080.
    #[arg(long)]
    pub origin: String,
    /// The method, as the page passes it to fetch.
    #[arg(long, default_value = "GET")]
    pub method: String,
    /// A request header, 'Name: value'; repeat for more.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// As fetch(url, {credentials: "include"}).
    #[arg(long)]
    pub credentials: bool,
    /// The engine whose requests are sent (the other is judged on the same answers).
    #[arg(long, default_value = "chromium")]
    pub engine: Engine,
    /// Also send the request from a foreign origin, to see whether any
    /// origin is let in.
    #[arg(long)]
    pub probe: bool,
    /// A CA certificate (PEM) to trust for https besides the system's, as
    /// curl's --cacert: the lab's own is at /lab-ca.pem (and in lab-tls/).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<std::path::PathBuf>,
    /// Seconds to wait for each answer (1 to 600).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// The language of the report: en, ru or zh. Without it, the one the
    /// locale names (LC_ALL, else LC_MESSAGES, else LANG: ru_RU.UTF-8
    /// Russian, zh_CN.UTF-8 Chinese), else English.
    /// Header names, values, console lines and code stay as they are.
    #[arg(long, value_name = "en|ru|zh", value_parser = language)]
    pub lang: Option<Language>,
}

/// `--lang`'s value: a language the lab speaks (`ru`, `zh-CN`, …).
pub fn language(value: &str) -> Result<Language, String> {
    Language::from_tag(value).ok_or_else(|| format!("'{value}' is not one of en, ru, zh"))
}

/// The language `--lang` gave, or else the one the environment's locale
/// for messages names ([`messages_locale`]; English for any other).
pub fn language_or_lang(given: Option<Language>) -> Language {
    given.unwrap_or_else(|| {
        let locale = messages_locale(|name| std::env::var(name).ok());
        language_of_locale(locale.as_deref())
    })
}

/// The locale messages follow, in POSIX's order: `LC_ALL`, then
/// `LC_MESSAGES`, then `LANG`, the first one set and not empty. `var`
/// reads a variable (the environment, or a test's table).
pub fn messages_locale(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|value| !value.is_empty())
}

/// The language of a POSIX locale name (`ru_RU.UTF-8` Russian,
/// `zh_CN.UTF-8` Chinese); English for any other, `C` and none included.
pub fn language_of_locale(locale: Option<&str>) -> Language {
    let tag = locale.and_then(|l| l.split(['.', '@']).next());
    Language::from_query(tag)
}

impl Args {
    /// The request as the page would make it.
    pub fn request(&self) -> Result<Request, DoctorError> {
        let request = Request {
            origin: self.origin.clone(),
            url: self.url.clone(),
            method: self.method.clone(),
            headers: parse_headers(&self.headers)?,
            body: BodyKind::None,
            credentials: if self.credentials {
                Credentials::Include
            } else {
                Credentials::SameOrigin
            },
            // The doctor holds no cookie; the model says what a browser's would do.
            cookie: Some(CookieSpec {
                name: "your-session".into(),
                ..CookieSpec::default()
            }),
            read_headers: Vec::new(),
            upload_listener: false,
        };
        request.prepare().map_err(DoctorError::Input)?;
        Ok(request)
    }

    /// The HTTP client's options: the timeout, and `--cacert`'s certificate.
    pub fn options(&self) -> Result<Options, DoctorError> {
        let mut options = Options::command_line(self.timeout);
        if let Some(path) = &self.cacert {
            let pem = std::fs::read_to_string(path)
                .map_err(|e| DoctorError::Usage(format!("--cacert {}: {e}", path.display())))?;
            options.extra_roots.push(pem);
        }
        Ok(options)
    }
}

/// `Name: value` lines; the model refuses bad names and CR/LF in values.
pub fn parse_headers(lines: &[String]) -> Result<Headers, DoctorError> {
    let mut headers = Headers::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(DoctorError::Usage(format!(
                "--header '{}' must be written 'Name: value'",
                line.escape_debug()
            )));
        };
        let (name, value) = (name.trim(), value.trim());
        cors_model::syntax::check(name, value)
            .map_err(|e| DoctorError::Usage(format!("--header: {e}")))?;
        headers = headers.with(name, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> Result<Args, clap::Error> {
        let mut all = vec![
            "cors-doctor",
            "http://localhost:8081/api/login",
            "--origin",
            "http://localhost:8080",
        ];
        all.extend(extra);
        Args::try_parse_from(all)
    }

    #[test]
    fn headers_parse_and_bad_ones_are_named() {
        let headers = parse_headers(&["X-Token: abc".into(), "Accept:text/html".into()]).unwrap();
        assert_eq!(headers.get("x-token").as_deref(), Some("abc"));
        assert_eq!(headers.get("accept").as_deref(), Some("text/html"));
        let err = parse_headers(&["X-Token abc".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("'Name: value'"), "{err}");
        let err = parse_headers(&["X-Token: a\nSet-Cookie: x=1".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("CR, LF"), "{err}");
        assert!(parse_headers(&["X Token: a".into()]).is_err());
    }

    #[test]
    fn the_command_line_becomes_a_request() {
        let a = args(&["--method", "put", "--credentials", "--engine", "firefox"]).unwrap();
        let r = a.request().unwrap();
        assert_eq!(
            (r.method.as_str(), r.credentials),
            ("put", Credentials::Include)
        );
        assert_eq!(a.engine, Engine::Firefox);
        let webkit = args(&["--engine", "webkit"]).unwrap();
        assert_eq!(webkit.engine, Engine::Webkit);
        assert!(args(&["--engine", "edge"]).is_err());
        assert!(args(&["--timeout", "0"]).is_err());
        let https = Args::try_parse_from([
            "cors-doctor",
            "https://example.com/",
            "--origin",
            "http://localhost:8080",
            "--cacert",
            "/nonexistent/ca.pem",
        ])
        .unwrap();
        assert!(https.request().is_ok());
        let err = https.options().err().unwrap().to_string();
        assert!(err.contains("--cacert /nonexistent/ca.pem"), "{err}");
        let err = args(&["--method", "GE T"])
            .unwrap()
            .request()
            .unwrap_err()
            .to_string();
        assert!(err.contains("request.method"), "{err}");
    }

    #[test]
    fn the_language_comes_from_lang_or_the_locale() {
        assert_eq!(args(&[]).unwrap().lang, None);
        assert_eq!(args(&["--lang", "ru"]).unwrap().lang, Some(Language::Ru));
        assert_eq!(args(&["--lang", "zh"]).unwrap().lang, Some(Language::Zh));
        assert_eq!(args(&["--lang", "en"]).unwrap().lang, Some(Language::En));
        let refused = args(&["--lang", "fr"]).unwrap_err().to_string();
        assert!(
            refused.contains("'fr' is not one of en, ru, zh"),
            "{refused}"
        );
        for (locale, language) in [
            (Some("ru_RU.UTF-8"), Language::Ru),
            (Some("zh_CN.UTF-8"), Language::Zh),
            (Some("zh_CN.GB18030@euro"), Language::Zh),
            (Some("ru"), Language::Ru),
            (Some("en_US.UTF-8"), Language::En),
            (Some("de_DE.UTF-8"), Language::En),
            (Some("C.UTF-8"), Language::En),
            (Some("POSIX"), Language::En),
            (Some(""), Language::En),
            (None, Language::En),
        ] {
            assert_eq!(language_of_locale(locale), language, "{locale:?}");
        }
        assert_eq!(language_or_lang(Some(Language::Zh)), Language::Zh);
    }

    /// A table of environment variables, read as `messages_locale` reads them.
    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_name_the_locale() {
        let all = [
            ("LC_ALL", "zh_CN.UTF-8"),
            ("LC_MESSAGES", "en_US.UTF-8"),
            ("LANG", "ru_RU.UTF-8"),
        ];
        assert_eq!(messages_locale(env(&all)).as_deref(), Some("zh_CN.UTF-8"));
        let messages = [
            ("LC_ALL", ""),
            ("LC_MESSAGES", "ru_RU.UTF-8"),
            ("LANG", "en_US.UTF-8"),
        ];
        assert_eq!(
            messages_locale(env(&messages)).as_deref(),
            Some("ru_RU.UTF-8")
        );
        assert_eq!(
            messages_locale(env(&[("LANG", "ru_RU.UTF-8")])).as_deref(),
            Some("ru_RU.UTF-8")
        );
        assert_eq!(messages_locale(env(&[])), None);
    }
}
