//! Firefox's lines, from gecko's security.properties, as the lab's Firefox
//! ESR 153 runs print them: en-US built in, and Russian and Chinese from
//! Debian's language packs (firefox-esr-l10n-ru, -zh-cn 153.8), whose
//! `chrome/<locale>/locale/<locale>/global/security/security.properties`
//! the templates below copy. Firefox translates these lines (Chromium and
//! WebKit never do). They never name the API nor the page's origin; a
//! request that a failed preflight stopped gets a second line.

use serde::{Deserialize, Serialize};

use super::Context;
use crate::failure::{Failure, Stage};

/// A language Firefox writes its console in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FirefoxLocale {
    /// en-US, built in.
    #[serde(rename = "en-US")]
    EnUs,
    /// Russian (the language pack `ru`).
    #[serde(rename = "ru")]
    Ru,
    /// Simplified Chinese (the language pack `zh-CN`).
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl FirefoxLocale {
    /// Every locale the model writes Firefox's lines in.
    pub const ALL: [FirefoxLocale; 3] =
        [FirefoxLocale::EnUs, FirefoxLocale::Ru, FirefoxLocale::ZhCn];

    /// The locale's tag, as `intl.locale.requested` takes it.
    pub fn tag(self) -> &'static str {
        match self {
            FirefoxLocale::EnUs => "en-US",
            FirefoxLocale::Ru => "ru",
            FirefoxLocale::ZhCn => "zh-CN",
        }
    }
}

/// Declares the messages once: the enum and the list of all of them.
macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// The security.properties messages the model writes.
        #[derive(Clone, Copy)]
        enum Message {
            $($(#[$doc])* $name),*
        }

        /// Every message, for reading an en-US line back.
        const MESSAGES: &[Message] = &[$(Message::$name),*];
    };
}

messages!(
    DidNotSucceed,
    ExternalRedirect,
    MissingAllowOrigin,
    MultipleAllowOrigin,
    NotMatchingOrigin,
    NotSupportingCredentials,
    MethodNotFound,
    MissingAllowCredentials,
    PreflightDidNotSucceed,
    InvalidAllowMethod,
    InvalidAllowHeader,
    MissingAllowHeader,
    /// necko.properties' CORPBlocked (not CORS: `resource_policy`).
    CorpBlocked,
);

/// The message's template in `locale`, `%1$S` the URL and `%2$S` its
/// argument, as the locale's security.properties writes it.
fn template(locale: FirefoxLocale, message: Message) -> &'static str {
    match locale {
        FirefoxLocale::EnUs => en_us(message),
        FirefoxLocale::Ru => ru(message),
        FirefoxLocale::ZhCn => zh_cn(message),
    }
}

fn en_us(message: Message) -> &'static str {
    use Message::*;
    match message {
        DidNotSucceed => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed). Status code: %2$S.",
        ExternalRedirect => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request external redirect not allowed).",
        MissingAllowOrigin => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.",
        MultipleAllowOrigin => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        NotMatchingOrigin => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).",
        NotSupportingCredentials => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
        MethodNotFound => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
        MissingAllowCredentials => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        PreflightDidNotSucceed => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.",
        InvalidAllowMethod => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).",
        InvalidAllowHeader => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).",
        MissingAllowHeader => "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
        CorpBlocked => "The resource at “%1$S” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). See %2$S",
    }
}

fn ru(message: Message) -> &'static str {
    use Message::*;
    match message {
        DidNotSucceed => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: не удалось выполнить запрос CORS). Код состояния: %2$S.",
        ExternalRedirect => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: Внешнее перенаправление запроса CORS не разрешено).",
        MissingAllowOrigin => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: %2$S.",
        MultipleAllowOrigin => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: несколько заголовков CORS «Access-Control-Allow-Origin» не разрешены).",
        NotMatchingOrigin => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: заголовок CORS «Access-Control-Allow-Origin» не совпадает с «%2$S»).",
        NotSupportingCredentials => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на «%1$S». (Причина: Учётные данные не поддерживаются, если заголовок CORS «Access-Control-Allow-Origin» установлен в «*»).",
        MethodNotFound => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: Не найден метод в заголовке CORS «Access-Control-Allow-Methods»).",
        MissingAllowCredentials => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: в заголовке CORS «Access-Control-Allow-Credentials» ожидалось «true»).",
        PreflightDidNotSucceed => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: неудача ответа CORS preflight). Код состояния: %2$S.",
        InvalidAllowMethod => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Methods»).",
        InvalidAllowHeader => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Headers»).",
        MissingAllowHeader => "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на %1$S. (Причина: заголовок «%2$S» не разрешён согласно заголовку «Access-Control-Allow-Headers» из ответа CORS preflight).",
        CorpBlocked => "Ресурс на «%1$S» был заблокирован из-за его заголовка Cross-Origin-Resource-Policy (или его отсутствия). Обратитесь к %2$S",
    }
}

fn zh_cn(message: Message) -> &'static str {
    use Message::*;
    match message {
        DidNotSucceed => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求未能成功）。状态码：%2$S。",
        ExternalRedirect => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：不允许 CORS 请求外部重定向）。",
        MissingAllowOrigin => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。状态码：%2$S。",
        MultipleAllowOrigin => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：不允许有多个 'Access-Control-Allow-Origin' CORS 头）。",
        NotMatchingOrigin => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Origin' 不匹配 '%2$S'）。",
        NotSupportingCredentials => "已拦截跨源请求：同源策略禁止读取位于 ‘%1$S’ 的远程资源。（原因：凭据不支持，如果 CORS 头 ‘Access-Control-Allow-Origin’ 为 ‘*’）。",
        MethodNotFound => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：找不到 CORS 头中的 'Access-Control-Allow-Methods'）。",
        MissingAllowCredentials => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头中的 'Access-Control-Allow-Credentials' 预期为 'true'）。",
        PreflightDidNotSucceed => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 预检响应未能成功）。状态码：%2$S。",
        InvalidAllowMethod => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Methods' 中的令牌 '%2$S' 无效）。",
        // The language pack ends this one with a space (`\u0020`).
        InvalidAllowHeader => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Headers' 中的令牌 '%2$S' 无效）。 ",
        MissingAllowHeader => "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 预检响应的 'Access-Control-Allow-Headers'，不允许使用头 '%2$S'）。",
        CorpBlocked => "位于“%1$S”的资源因其 Cross-Origin-Resource-Policy 头内容（或缺少该头）而被拦截。详见 %2$S",
    }
}

/// Every en-US line's beginning, up to the URL.
pub(super) const HEAD: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";
/// Whether `line` holds gecko's CORSDidNotSucceed2 for a request that was
/// not sent (status `(null)`), in any locale: it names no check, and after
/// a failed check's line it tells that the preflight failed.
pub(super) fn did_not_succeed(line: &str) -> bool {
    FirefoxLocale::ALL.into_iter().any(|locale| {
        let template = template(locale, Message::DidNotSucceed);
        template
            .split_once("%1$S")
            .is_some_and(|(_, after)| line.contains(&after.replace("%2$S", "(null)")))
    })
}

/// The lines Firefox logs in en-US, in order.
pub(super) fn lines(stage: Stage, failure: &Failure, at: Context) -> Vec<String> {
    lines_in(FirefoxLocale::EnUs, stage, failure, at)
}

/// The lines Firefox logs in `locale`, in order.
pub fn lines_in(
    locale: FirefoxLocale,
    stage: Stage,
    failure: &Failure,
    at: Context,
) -> Vec<String> {
    let (message, argument) = message(failure);
    let mut lines = vec![render(locale, message, at.url, &argument)];
    if let Failure::PreflightRedirect { status } = failure {
        // Measured: a redirected preflight also fails as a preflight, with
        // the redirect's status, before the request's own line.
        let status = status.to_string();
        lines.push(render(
            locale,
            Message::PreflightDidNotSucceed,
            at.url,
            &status,
        ));
    }
    if stage == Stage::Preflight {
        lines.push(render(locale, Message::DidNotSucceed, at.url, "(null)"));
    }
    lines
}

/// Where Firefox's CORP line sends the reader.
const CORP_HELP: &str =
    "https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#";

/// Firefox's line for a response `Cross-Origin-Resource-Policy` refused, in
/// `locale`.
pub fn corp_line(locale: FirefoxLocale, url: &str) -> String {
    render(locale, Message::CorpBlocked, url, CORP_HELP)
}

/// The URL a CORP line in any locale names, where `line` holds one.
pub(super) fn corp_url(line: &str) -> Option<String> {
    FirefoxLocale::ALL.into_iter().find_map(|locale| {
        let template = template(locale, Message::CorpBlocked);
        let (head, rest) = template.split_once("%1$S")?;
        let (close, _) = rest.split_once("%2$S")?;
        let start = line.find(head)? + head.len();
        let end = start + line[start..].find(close)?;
        Some(line[start..end].to_owned())
    })
}

/// An en-US line as Firefox writes it in `locale`: the en-US template that
/// writes the whole line, its URL and argument read back and written into
/// the locale's template.
pub(super) fn translate(locale: FirefoxLocale, line: &str) -> Option<String> {
    MESSAGES.iter().find_map(|&message| {
        let (url, argument) = read_back(en_us(message), line)?;
        Some(render(locale, message, &url, &argument))
    })
}

/// The URL and argument that make `template` write exactly `line`.
fn read_back(template: &str, line: &str) -> Option<(String, String)> {
    let (head, rest) = template.split_once("%1$S")?;
    let after_url = line.strip_prefix(head)?;
    let Some((middle, tail)) = rest.split_once("%2$S") else {
        let url = after_url.strip_suffix(rest)?;
        return Some((url.to_owned(), String::new()));
    };
    let (url, after) = after_url.split_once(middle)?;
    let argument = after.strip_suffix(tail)?;
    Some((url.to_owned(), argument.to_owned()))
}

fn render(locale: FirefoxLocale, message: Message, url: &str, argument: &str) -> String {
    template(locale, message)
        .replace("%1$S", url)
        .replace("%2$S", argument)
}

/// The message a failure is written with, and its argument.
fn message(failure: &Failure) -> (Message, String) {
    use Failure::*;
    use Message as M;
    match failure {
        MissingAllowOrigin { status } => (M::MissingAllowOrigin, status.to_string()),
        MultipleAllowOrigin { .. } => (M::MultipleAllowOrigin, String::new()),
        InvalidAllowOrigin { value } | AllowOriginMismatch { value } => {
            (M::NotMatchingOrigin, value.clone())
        }
        WildcardWithCredentials => (M::NotSupportingCredentials, String::new()),
        AllowCredentials { .. } => (M::MissingAllowCredentials, String::new()),
        PreflightStatus { status } => (M::PreflightDidNotSucceed, status.to_string()),
        PreflightRedirect { .. } => (M::ExternalRedirect, String::new()),
        InvalidAllowMethods { token } => (M::InvalidAllowMethod, token.clone()),
        MethodNotAllowed { .. } => (M::MethodNotFound, String::new()),
        InvalidAllowHeaders { token } => (M::InvalidAllowHeader, token.clone()),
        HeaderNotAllowed { name } => (M::MissingAllowHeader, name.clone()),
        RedirectWithCredentials { .. } | StreamNeedsHttp2 => {
            (M::DidNotSucceed, "(null)".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://localhost:8081/lab/x/y";

    fn at() -> Context<'static> {
        Context {
            url: URL,
            redirected_from: None,
            origin: "http://localhost:8080",
            status: 200,
        }
    }

    #[test]
    fn a_refused_preflight_reads_in_each_language_pack() {
        let failure = Failure::HeaderNotAllowed {
            name: "x-token".into(),
        };
        let ru = lines_in(FirefoxLocale::Ru, Stage::Preflight, &failure, at());
        assert_eq!(ru, [
            format!("Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на {URL}. (Причина: заголовок «x-token» не разрешён согласно заголовку «Access-Control-Allow-Headers» из ответа CORS preflight)."),
            format!("Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на {URL}. (Причина: не удалось выполнить запрос CORS). Код состояния: (null)."),
        ]);
        let zh = lines_in(
            FirefoxLocale::ZhCn,
            Stage::Response,
            &Failure::MissingAllowOrigin { status: 200 },
            at(),
        );
        assert_eq!(zh, [format!("已拦截跨源请求：同源策略禁止读取位于 {URL} 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。状态码：200。")]);
    }

    #[test]
    fn a_corp_line_names_its_url_in_every_language() {
        for locale in FirefoxLocale::ALL {
            let line = corp_line(locale, URL);
            assert_eq!(corp_url(&line).as_deref(), Some(URL), "{line}");
            let reading = super::super::resource_policy::read(&line).unwrap();
            assert_eq!(reading.url.as_deref(), Some(URL));
        }
        assert_eq!(
            translate(
                FirefoxLocale::ZhCn,
                &corp_line(FirefoxLocale::EnUs, "{url}")
            )
            .unwrap(),
            corp_line(FirefoxLocale::ZhCn, "{url}")
        );
    }

    #[test]
    fn an_en_us_line_is_translated_whole_or_not_at_all() {
        let english = format!("{HEAD}{{url}}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://localhost’).");
        assert_eq!(
            translate(FirefoxLocale::Ru, &english).unwrap(),
            "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удалённого ресурса на {url}. (Причина: заголовок CORS «Access-Control-Allow-Origin» не совпадает с «http://localhost»)."
        );
        assert_eq!(translate(FirefoxLocale::EnUs, &english).unwrap(), english);
        assert_eq!(
            translate(
                FirefoxLocale::Ru,
                "Access to fetch at 'x' from origin 'y' has been blocked"
            ),
            None
        );
    }
}
