//! The model's words in every language the lab speaks. One message is one
//! [`Text`]: its English, Russian and Chinese templates side by side, so a
//! sentence and its translations are read and changed together. A template
//! names what it quotes with `{name}` placeholders (a lowercase word in
//! braces), and [`Text::fill`] puts the values in; header names, methods,
//! values and code stay as English writes them in every language.
//!
//! The [`texts!`](crate::texts) macro declares a module's texts and, for
//! the tests, the list of them all, so no text escapes [`Text::problems`]:
//! the same placeholders in every language, Russian in Cyrillic, Chinese in
//! Chinese characters.

use std::fmt::{Display, Write};

use crate::language::Language;

/// One message in English, Russian and Simplified Chinese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// The English template, the source.
    pub en: &'static str,
    /// The Russian template.
    pub ru: &'static str,
    /// The Simplified Chinese template.
    pub zh: &'static str,
}

impl Text {
    /// The template in `language`.
    pub fn get(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.en,
            Language::Ru => self.ru,
            Language::Zh => self.zh,
        }
    }

    /// The text in `language`, each `{name}` replaced by its value. A
    /// placeholder without a value stays as written, and a value is never
    /// read for placeholders again (it may quote braces of its own).
    pub fn fill(&self, language: Language, values: &[(&str, &dyn Display)]) -> String {
        let template = self.get(language);
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let from_brace = &rest[open..];
            let value = placeholder_at(from_brace)
                .and_then(|name| values.iter().find(|(n, _)| *n == name))
                .map(|(name, value)| (name.len() + 2, value));
            match value {
                Some((length, value)) => {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "{value}");
                    rest = &from_brace[length..];
                }
                None => {
                    out.push('{');
                    rest = &from_brace[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// What is wrong with the translations: a placeholder lost or added,
    /// Russian without Cyrillic, Chinese without Chinese characters.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let english = placeholders(self.en);
        for (language, template) in [(Language::Ru, self.ru), (Language::Zh, self.zh)] {
            let theirs = placeholders(template);
            if theirs != english {
                problems.push(format!(
                    "{}: placeholders {theirs:?}, English has {english:?}: {:?}",
                    language.code(),
                    self.en
                ));
            }
            if !in_script(template, language) {
                problems.push(format!(
                    "{}: not in its script: {template:?}",
                    language.code()
                ));
            }
        }
        problems
    }
}

/// The placeholder name `text` starts with (`{name}`), if it does.
fn placeholder_at(text: &str) -> Option<&str> {
    let end = text.find('}')?;
    let name = text.get(1..end)?;
    let word = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    word.then_some(name)
}

/// The placeholders a template uses, sorted, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut found: Vec<&str> = template
        .match_indices('{')
        .filter_map(|(at, _)| placeholder_at(&template[at..]))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether `text` has a letter of `language`'s script (any text is English).
pub fn in_script(text: &str, language: Language) -> bool {
    text.chars().any(|c| match language {
        Language::Ru => matches!(c, 'А'..='я' | 'ё' | 'Ё'),
        Language::Zh => matches!(c, '\u{4e00}'..='\u{9fff}'),
        Language::En => true,
    })
}

/// Declares a module's texts: each a `const` [`Text`] (private unless
/// marked `pub`) with its `en`, `ru` and `zh` templates, and, in tests,
/// `TEXTS`, the list of them all.
///
/// ```
/// cors_model::texts! {
///     /// A greeting.
///     HELLO {
///         en: "Hello, {name}.",
///         ru: "Здравствуйте, {name}.",
///         zh: "你好，{name}。",
///     }
/// }
/// # fn main() {
/// let text = HELLO.fill(cors_model::Language::Ru, &[("name", &"Alice")]);
/// assert_eq!(text, "Здравствуйте, Alice.");
/// # }
/// ```
#[macro_export]
macro_rules! texts {
    ($($(#[$doc:meta])* $vis:vis $name:ident { en: $en:expr, ru: $ru:expr, zh: $zh:expr $(,)? })*) => {
        $(
            $(#[$doc])*
            $vis const $name: $crate::text::Text = $crate::text::Text { en: $en, ru: $ru, zh: $zh };
        )*
        /// Every text of this module, for the tests that hold each to its
        /// English.
        #[cfg(test)]
        pub(crate) const TEXTS: &[&$crate::text::Text] = &[$(&$name),*];
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::texts! {
        SAMPLE {
            en: "{origin} may not read '{value}' ({credentials: \"include\"}).",
            ru: "{origin} не может прочитать '{value}' ({credentials: \"include\"}).",
            zh: "{origin} 不能读取 '{value}'（{credentials: \"include\"}）。",
        }
    }

    /// Every text the model writes.
    fn all() -> Vec<&'static Text> {
        [
            crate::explain::TEXTS,
            crate::verdict::TEXTS,
            crate::cookies::TEXTS,
            crate::stream::TEXTS,
            crate::pasted::TEXTS,
            crate::console::read::TEXTS,
            crate::console::resource_policy::TEXTS,
            crate::console::thrown::TEXTS,
        ]
        .concat()
    }

    #[test]
    fn every_translation_keeps_the_placeholders_and_its_script() {
        let texts = all();
        assert!(texts.len() > 50, "{} texts", texts.len());
        let problems: Vec<String> = texts.iter().flat_map(|t| t.problems()).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn placeholders_are_filled_once_and_code_braces_kept() {
        assert_eq!(TEXTS.len(), 1);
        let filled = SAMPLE.fill(
            Language::Ru,
            &[("origin", &"http://localhost:8080"), ("value", &"{value}")],
        );
        assert_eq!(
            filled,
            "http://localhost:8080 не может прочитать '{value}' ({credentials: \"include\"})."
        );
        assert_eq!(placeholders(SAMPLE.en), ["origin", "value"]);
        let unfilled = SAMPLE.fill(Language::En, &[]);
        assert_eq!(unfilled, SAMPLE.en);
    }

    #[test]
    fn a_lost_placeholder_or_an_untranslated_text_is_a_problem() {
        let broken = Text {
            en: "Answer {status}.",
            ru: "Answer {status}.",
            zh: "回答。",
        };
        let problems = broken.problems().join("\n");
        assert!(problems.contains("ru: not in its script"), "{problems}");
        assert!(problems.contains("zh: placeholders []"), "{problems}");
    }
}
