//! The project's languages. Parsed once at the boundary (file names, front matter, flags, TMX
//! `xml:lang`), so the rest of the pipeline never compares raw code strings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language polypress publishes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Turkish.
    Tr,
    /// Russian.
    Ru,
}

impl Lang {
    /// Every supported language, in the project's canonical order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Tr, Lang::Ru];

    /// The two-letter ISO 639-1 code (`en`, `tr`, `ru`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Tr => "tr",
            Lang::Ru => "ru",
        }
    }

    /// The language's own name for itself, as a language switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Tr => "Türkçe",
            Lang::Ru => "Русский",
        }
    }

    /// Parses a code or a BCP 47 tag whose primary subtag is a supported language: `en`, `EN-GB`,
    /// `tr-TR`, `ru_RU` (case-insensitive). Returns `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" | "eng" => Some(Lang::En),
            "tr" | "tur" => Some(Lang::Tr),
            "ru" | "rus" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The decimal separator this language writes (`.` in English, `,` in Turkish and Russian).
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Tr | Lang::Ru => ',',
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of parsing a language code that polypress does not support.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}` (expected one of: en, tr, ru)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_tag(s).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Parses a comma-separated list of languages (`tr,ru`), as `--to` and `--langs` take it.
///
/// # Errors
/// Returns the first code that is not a supported language.
pub fn parse_list(s: &str) -> Result<Vec<Lang>, UnknownLang> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let lang: Lang = part.parse()?;
        if !out.contains(&lang) {
            out.push(lang);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_region_variants_case_insensitively() {
        assert_eq!(Lang::from_tag("EN-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("tr-TR"), Some(Lang::Tr));
        assert_eq!(Lang::from_tag("ru_RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("de"), None);
    }

    #[test]
    fn rejects_unknown_lang_with_expected_list() {
        let err = "fr".parse::<Lang>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown language `fr` (expected one of: en, tr, ru)"
        );
    }

    #[test]
    fn parses_lists_without_duplicates() {
        assert_eq!(parse_list("tr, ru,tr").unwrap(), vec![Lang::Tr, Lang::Ru]);
    }
}
