//! The languages the lab speaks: English, the source of every text, and
//! the story's two, Russian and Simplified Chinese. The model is the bottom
//! layer, so the language lives here: the model's own words ([`crate::text`])
//! and the lessons' translations (`lessons::translation`) both take it.

use serde::{Deserialize, Serialize};

/// A language the lab speaks.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, the source of every text.
    #[default]
    En,
    /// Russian.
    Ru,
    /// Simplified Chinese.
    Zh,
}

impl Language {
    /// Every language, English first.
    pub const ALL: [Language; 3] = [Language::En, Language::Ru, Language::Zh];

    /// The languages a lesson is translated into.
    pub const TRANSLATED: [Language; 2] = [Language::Ru, Language::Zh];

    /// The language's code, as in `?lang=` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
            Language::Zh => "zh",
        }
    }

    /// The language a tag names (`ru`, `ru-RU`, `zh`, `zh-CN`, `zh-Hans`,
    /// any case), or `None` for one the lab does not speak.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// `?lang=`'s language: English when absent or unknown.
    pub fn from_query(value: Option<&str>) -> Language {
        value.and_then(Language::from_tag).unwrap_or(Language::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_json_name_the_same_languages() {
        assert_eq!(Language::from_tag("ru-RU"), Some(Language::Ru));
        assert_eq!(Language::from_tag(" zh_CN"), Some(Language::Zh));
        assert_eq!(Language::from_tag("fr"), None);
        assert_eq!(Language::from_query(Some("")), Language::En);
        for language in Language::ALL {
            let json = serde_json::to_value(language).unwrap();
            assert_eq!(json, language.code());
        }
    }
}
