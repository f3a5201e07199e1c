//! Page chrome in each edition's language: the words around an article (language switcher,
//! byline, notes heading, dates, "translated from" notes, plural-aware counts) come from Fluent
//! resources `ftl/<lang>/chrome.ftl`, embedded at build time (fluent-resmgr's `{locale}/{res_id}`
//! layout).
//!
//! [`Chrome::new`] parses the three resources and checks that every key of [`KEYS`] exists in
//! every language, so a missing message is a build error naming the key and the language, never
//! an English word silently left on a Russian page. Isolation marks (U+2068/U+2069 around
//! placeables) are off: the pages carry `lang`/`dir` themselves and snapshots stay readable.
//! The bundles are `fluent_bundle::concurrent` ones, shared by every rayon worker.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::model::Lang;

/// Every message the page templates use. Each must exist in each language.
pub const KEYS: &[&str] = &[
    "nav-also-available",
    "nav-all-articles",
    "nav-aligned",
    "article-byline",
    "article-translated-from",
    "article-incomplete",
    "article-incomplete-omitted",
    "untranslated-title",
    "notes-heading",
    "segment-count",
    "index-title",
    "index-incomplete",
    "root-title",
    "reader-page-title",
    "reader-kicker",
    "reader-this-page-in",
    "reader-back",
    "reader-qa",
    "reader-choice",
    "reader-all",
    "reader-pair",
    "reader-show",
    "reader-hint",
    "reader-gaps",
    "reader-awaiting-review",
    "reader-unreviewed",
    "reader-omitted",
    "language-name",
    "qa-title",
    "qa-segment",
    "qa-state",
    "qa-score",
    "qa-suggestion",
    "qa-reader",
    "date-day-month-year",
    "date-month-1",
    "date-month-2",
    "date-month-3",
    "date-month-4",
    "date-month-5",
    "date-month-6",
    "date-month-7",
    "date-month-8",
    "date-month-9",
    "date-month-10",
    "date-month-11",
    "date-month-12",
];

/// The embedded resource of a language.
pub fn resource_text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("ftl/en/chrome.ftl"),
        Lang::Tr => include_str!("ftl/tr/chrome.ftl"),
        Lang::Ru => include_str!("ftl/ru/chrome.ftl"),
    }
}

/// Errors loading or formatting chrome messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum L10nError {
    /// The `.ftl` resource does not parse.
    #[error("src/l10n/ftl/{lang}/chrome.ftl: {message}")]
    Parse {
        /// The language.
        lang: Lang,
        /// The parser's complaint.
        message: String,
    },
    /// A message the templates use is missing in a language.
    #[error("page chrome: message `{key}` is missing in language `{lang}` (expected in src/l10n/ftl/{lang}/chrome.ftl)")]
    Missing {
        /// The message id.
        key: String,
        /// The language.
        lang: Lang,
    },
    /// Formatting failed (an unknown variable or message reference).
    #[error("page chrome: message `{key}` in language `{lang}`: {message}")]
    Format {
        /// The message id.
        key: String,
        /// The language.
        lang: Lang,
        /// What went wrong.
        message: String,
    },
}

/// The chrome bundles of all three languages.
pub struct Chrome {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Chrome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chrome").finish_non_exhaustive()
    }
}

impl Chrome {
    /// Loads the embedded resources and checks every key in every language.
    ///
    /// # Errors
    /// A resource that does not parse, or a key of [`KEYS`] missing in some language.
    pub fn new() -> Result<Chrome, L10nError> {
        let mut bundles = Vec::new();
        for lang in Lang::ALL {
            bundles.push((lang, bundle(lang, resource_text(lang))?));
        }
        let chrome = Chrome { bundles };
        for (lang, b) in &chrome.bundles {
            for key in KEYS {
                if b.get_message(key).and_then(|m| m.value()).is_none() {
                    return Err(L10nError::Missing {
                        key: (*key).to_string(),
                        lang: *lang,
                    });
                }
            }
        }
        Ok(chrome)
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("Chrome::new builds a bundle for every Lang")
            .1
    }

    /// Formats message `key` in `lang` with string or number arguments.
    ///
    /// # Errors
    /// The message is missing or refers to something unknown.
    pub fn format(
        &self,
        lang: Lang,
        key: &str,
        args: &[(&str, Arg<'_>)],
    ) -> Result<String, L10nError> {
        let b = self.bundle(lang);
        let pattern =
            b.get_message(key)
                .and_then(|m| m.value())
                .ok_or_else(|| L10nError::Missing {
                    key: key.to_string(),
                    lang,
                })?;
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fargs.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = b.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(L10nError::Format {
                key: key.to_string(),
                lang,
                message: e.to_string(),
            });
        }
        Ok(text.into_owned())
    }

    /// A message without arguments.
    ///
    /// # Errors
    /// See [`Chrome::format`].
    pub fn text(&self, lang: Lang, key: &str) -> Result<String, L10nError> {
        self.format(lang, key, &[])
    }

    /// A count of segments with the language's plural form: "3 сегмента", "5 сегментов".
    ///
    /// # Errors
    /// See [`Chrome::format`].
    pub fn segments(&self, lang: Lang, count: usize) -> Result<String, L10nError> {
        self.format(lang, "segment-count", &[("count", Arg::Num(count))])
    }

    /// A `YYYY-MM-DD` date in the language's format: "24 December 2022", "24 Aralık 2022",
    /// "24 декабря 2022 г.". Month names come from the resources (no ICU); a string that is not
    /// such a date is returned as it is.
    ///
    /// # Errors
    /// See [`Chrome::format`].
    pub fn date(&self, lang: Lang, date: &str) -> Result<String, L10nError> {
        let parts: Vec<&str> = date.split('-').collect();
        let (Some(year), Some(month), Some(day)) = (
            parts.first(),
            parts.get(1).and_then(|m| m.parse::<u8>().ok()),
            parts.get(2).and_then(|d| d.parse::<u8>().ok()),
        ) else {
            return Ok(date.to_string());
        };
        if parts.len() != 3 || !(1..=12).contains(&month) {
            return Ok(date.to_string());
        }
        let month_name = self.text(lang, &format!("date-month-{month}"))?;
        let day = day.to_string();
        self.format(
            lang,
            "date-day-month-year",
            &[
                ("day", Arg::Str(&day)),
                ("month", Arg::Str(&month_name)),
                ("year", Arg::Str(year)),
            ],
        )
    }
}

/// A message argument.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// A string.
    Str(&'a str),
    /// A count (selects plural forms).
    Num(usize),
}

fn bundle(lang: Lang, text: &str) -> Result<FluentBundle<FluentResource>, L10nError> {
    let res = FluentResource::try_new(text.to_string()).map_err(|(_, errs)| L10nError::Parse {
        lang,
        message: errs
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    })?;
    let id: LanguageIdentifier = lang
        .code()
        .parse()
        .expect("en, tr and ru are valid language identifiers");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b.add_resource(res).map_err(|errs| L10nError::Parse {
        lang,
        message: errs
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    })?;
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        for lang in Lang::ALL {
            let b = bundle(lang, resource_text(lang)).unwrap();
            for key in KEYS {
                assert!(b.has_message(key), "`{key}` missing in `{lang}`");
            }
        }
        Chrome::new().unwrap();
    }

    #[test]
    fn missing_key_names_key_and_language() {
        let e = L10nError::Missing {
            key: "notes-heading".into(),
            lang: Lang::Ru,
        };
        assert!(e
            .to_string()
            .contains("`notes-heading` is missing in language `ru`"));
        let c = Chrome::new().unwrap();
        let e = c.text(Lang::Tr, "no-such-key").unwrap_err().to_string();
        assert!(e.contains("`no-such-key`") && e.contains("`tr`"), "{e}");
    }

    #[test]
    fn russian_segment_counts_use_one_few_many() {
        let c = Chrome::new().unwrap();
        assert_eq!(c.segments(Lang::Ru, 1).unwrap(), "1 сегмент");
        assert_eq!(c.segments(Lang::Ru, 3).unwrap(), "3 сегмента");
        assert_eq!(c.segments(Lang::Ru, 5).unwrap(), "5 сегментов");
        assert_eq!(c.segments(Lang::Ru, 21).unwrap(), "21 сегмент");
        assert_eq!(c.segments(Lang::En, 1).unwrap(), "1 segment");
        assert_eq!(c.segments(Lang::En, 2).unwrap(), "2 segments");
    }

    #[test]
    fn dates_in_each_locale_without_isolation_marks() {
        let c = Chrome::new().unwrap();
        assert_eq!(c.date(Lang::En, "2022-12-24").unwrap(), "24 December 2022");
        assert_eq!(c.date(Lang::Tr, "2022-12-24").unwrap(), "24 Aralık 2022");
        assert_eq!(
            c.date(Lang::Ru, "2022-12-24").unwrap(),
            "24 декабря 2022 г."
        );
        assert_eq!(c.date(Lang::En, "2022-03-05").unwrap(), "5 March 2022");
    }

    #[test]
    fn translated_from_note_names_the_source_language() {
        let c = Chrome::new().unwrap();
        let f = |l, s: Lang| {
            c.format(
                l,
                "article-translated-from",
                &[("source", Arg::Str(s.code()))],
            )
            .unwrap()
        };
        assert_eq!(f(Lang::En, Lang::Ru), "Translated from Russian");
        assert_eq!(f(Lang::Tr, Lang::En), "İngilizceden çevrilmiştir");
        assert_eq!(f(Lang::Ru, Lang::Tr), "Перевод с турецкого");
    }
}
