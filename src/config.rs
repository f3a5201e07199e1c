//! `polypress.toml` → [`Config`]. Every default lives in one `Default` impl; unknown keys are an
//! error naming the key and its line; values are checked once, right after parsing.
//!
//! Precedence: built-in default, then the file, then command-line flags (applied by `cli`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{IoError, Location};
use crate::model::Lang;

/// The name of the project file that marks a project root.
pub const FILE_NAME: &str = "polypress.toml";

/// A project's configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The languages every article is published in. Default: `["en", "tr", "ru"]`.
    pub languages: Vec<Lang>,
    /// Sentence segmentation.
    pub segment: SegmentConfig,
    /// Translation-memory matching.
    pub memory: MemoryConfig,
    /// The gates of `polypress check`.
    pub check: CheckConfig,
    /// The match bands of `polypress analyze`.
    pub analyze: AnalyzeConfig,
    /// How `polypress build` renders articles.
    pub build: BuildConfig,
    /// How `polypress serve` serves the workbench.
    pub serve: ServeConfig,
}

/// `[serve]`: how `polypress serve` serves the workbench. Command-line flags override each key.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeConfig {
    /// The port to listen on; 0 picks a free one. Default 7878 (`--port`).
    pub port: u16,
    /// The address to listen on. Default `127.0.0.1`; any other needs a token (`--bind`).
    pub bind: std::net::IpAddr,
    /// Whether a confirmed segment is learnt into `memory/project.tmx` on save. Default
    /// `true` (`--learn`, `--no-learn`).
    pub learn: bool,
    /// Whether to open the workbench in the default browser. Default `false` (`--open`).
    pub open: bool,
}

/// The workbench's port unless told otherwise (`serve.port`).
pub const DEFAULT_SERVE_PORT: u16 = 7878;

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            port: DEFAULT_SERVE_PORT,
            bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            learn: true,
            open: false,
        }
    }
}

/// `[build]`: how `polypress build` renders articles.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuildConfig {
    /// `"sanitize"` (default): raw HTML in articles keeps only an allowlist of tags and
    /// attributes (no scripts, event handlers or script URLs); `"trusted"`: copied as written.
    pub raw_html: crate::sanitize::RawHtml,
}

/// `[analyze]`: how `polypress analyze` groups fuzzy matches.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzeConfig {
    /// Lower edges of the fuzzy bands, descending, each 1-99. Default `[95, 85, 75, 50]`: bands
    /// 95-99, 85-94, 75-84 and 50-74 (besides context, exact, no match and repetitions).
    pub bands: Vec<u8>,
}

impl Default for AnalyzeConfig {
    fn default() -> Self {
        AnalyzeConfig {
            bands: vec![95, 85, 75, 50],
        }
    }
}

/// `[segment]`: sentence segmentation settings.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentConfig {
    /// An SRX 2.0 rules file (relative to the project root) used instead of the built-in rules.
    pub srx: Option<PathBuf>,
    /// Extra abbreviations per language code that never end a sentence (`"Amb."`, `"Büyükelçi."`).
    pub abbreviations: BTreeMap<Lang, Vec<String>>,
    /// Extra abbreviations per language that end a sentence when a capitalised word follows
    /// (like `etc.`).
    pub final_abbreviations: BTreeMap<Lang, Vec<String>>,
}

/// `[memory]`: translation-memory settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemoryConfig {
    /// Lowest score (0-100) a fuzzy match needs to be shown or used. Default: 70.
    pub min_score: u8,
    /// Score penalties (0-100) for TMX files by folder below `memory/`, e.g. `reference = 5`:
    /// matches from `memory/reference/**.tmx` score 5 points lower (like OmegaT's `penalty-NN`).
    pub penalties: BTreeMap<String, u8>,
    /// The project's own locale per language, e.g. `{ en = "en-GB" }`: when a TU holds several
    /// variants of a language, the one with this `xml:lang` serves lookups. Default: none (the
    /// first variant).
    pub locales: BTreeMap<Lang, String>,
    /// The name `learn` writes as `creationid`/`changeid` of new TUs. Default: the system user
    /// (`$USER`, `$USERNAME`).
    pub translator: Option<String>,
    /// The team memory: a PostgreSQL URL (`postgresql://USER@HOST:PORT/DATABASE`) that
    /// switches the project's memory to the database (`POLYPRESS_MEMORY_URL` wins over it).
    /// No password here: `PGPASSWORD` or `~/.pgpass`, as libpq reads them. Default: none (the
    /// TMX files of `memory/`).
    pub url: Option<String>,
    /// How many connections a team-memory lookup spreads its index probes over (1-16): the
    /// server runs each in a process of its own, on a core of its own. Default: 2.
    pub connections: usize,
}

/// `[check]`: the gates of `polypress check`. Flags override each key. The defaults (0, off,
/// 100 % for every language, off) are the type defaults, hence the derive.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Most untranslated segments allowed over the whole check (new, stale, missing, and fuzzy
    /// unless `allow_fuzzy`). Default: 0.
    pub max_untranslated: usize,
    /// Whether fuzzy segments count as translated for the gates. Default: false.
    pub allow_fuzzy: bool,
    /// Lowest share (0-100 %) of source words translated that each article needs, per target
    /// language, e.g. `{ tr = 100, ru = 80 }`. Languages not listed need 100.
    pub min_complete: BTreeMap<Lang, u8>,
    /// Report failed gates but exit 0. Default: false.
    pub warn_only: bool,
    /// The `terminology` gate: `warn` (default: glossary findings are warnings), `error` (they
    /// fail the gate) or `off` (not checked).
    pub terminology: Terminology,
}

/// How `check` treats glossary findings (`[check] terminology`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Terminology {
    /// Not checked.
    Off,
    /// Reported as warnings; the gate always passes.
    #[default]
    Warn,
    /// Reported as errors; the gate fails on any.
    Error,
}

/// The lowest match score a lookup or a prefill uses unless told otherwise (`memory.min_score`).
pub const DEFAULT_MIN_SCORE: u8 = 70;

/// The lowest alignment confidence for an aligned segment to be `translated` rather than
/// `fuzzy` (`align --min-confidence`).
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.8;

/// The lowest score of a memory match the aligner takes as evidence.
pub const ALIGN_DICTIONARY_MIN_SCORE: u8 = 75;

/// The `min_complete` of a language not listed in `[check] min_complete`.
pub const DEFAULT_MIN_COMPLETE: u8 = 100;

impl Default for Config {
    fn default() -> Self {
        Config {
            languages: Lang::ALL.to_vec(),
            segment: SegmentConfig::default(),
            memory: MemoryConfig::default(),
            check: CheckConfig::default(),
            analyze: AnalyzeConfig::default(),
            build: BuildConfig::default(),
            serve: ServeConfig::default(),
        }
    }
}

impl Default for MemoryConfig {
    fn default() -> Self {
        MemoryConfig {
            min_score: DEFAULT_MIN_SCORE,
            penalties: BTreeMap::from([("reference".to_string(), 5)]),
            locales: BTreeMap::new(),
            translator: None,
            url: None,
            connections: crate::teammem::DEFAULT_CONNECTIONS,
        }
    }
}

/// An error in `polypress.toml`.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The TOML does not parse or has an unknown key or a wrong type.
    #[error("{at}: {message}")]
    Parse {
        /// Where.
        at: Location,
        /// The parser's message (names the unknown key and the expected ones).
        message: String,
    },
    /// A value is out of range.
    #[error("{at}: {message}")]
    Invalid {
        /// The file.
        at: Location,
        /// What is wrong and what was expected.
        message: String,
    },
}

impl Config {
    /// Parses `text` as the contents of `path`.
    ///
    /// # Errors
    /// Syntax errors, unknown keys, wrong types and out-of-range values, with file:line:column.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            ConfigError::Parse {
                at: Location::at_offset(path, text, offset),
                message: e.message().trim().to_string(),
            }
        })?;
        config.validate(path)?;
        Ok(config)
    }

    /// Loads `root/polypress.toml`, or the defaults when the file does not exist.
    ///
    /// # Errors
    /// See [`Config::parse`].
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        Self::load_file(&root.join(FILE_NAME), true)
    }

    /// Loads the given file; when `optional` and it does not exist, returns the defaults.
    ///
    /// # Errors
    /// See [`Config::parse`].
    pub fn load_file(path: &Path, optional: bool) -> Result<Config, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text, path),
                Err(e) => {
                    let bytes = e.as_bytes();
                    let valid = e.utf8_error().valid_up_to();
                    let prefix = String::from_utf8_lossy(&bytes[..valid]);
                    Err(ConfigError::Parse {
                        at: Location::at_offset(path, &prefix, valid),
                        message: "invalid UTF-8 (expected a UTF-8 text file)".into(),
                    })
                }
            },
            Err(e) if optional && e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(IoError::Read {
                path: path.to_path_buf(),
                source,
            }
            .into()),
        }
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            at: Location::file(path),
            message,
        };
        let bands = &self.analyze.bands;
        if bands.is_empty()
            || bands.windows(2).any(|w| w[0] <= w[1])
            || bands.iter().any(|&b| !(1..=99).contains(&b))
        {
            return Err(invalid(format!(
                "`analyze.bands` is {bands:?} (expected lower band edges in descending order, each 1-99, e.g. [95, 85, 75, 50])"
            )));
        }
        if self.languages.is_empty() {
            return Err(invalid(
                "`languages` is empty (expected at least one of: en, tr, ru)".into(),
            ));
        }
        for (i, l) in self.languages.iter().enumerate() {
            if self.languages[..i].contains(l) {
                return Err(invalid(format!(
                    "`languages` lists `{l}` twice (expected each language once)"
                )));
            }
        }
        if let Some(url) = &self.memory.url {
            if crate::teammem::connect::redact(url) != *url || url.contains("password=") {
                return Err(invalid(
                    "`memory.url` holds a password (expected none in the file: set PGPASSWORD or use ~/.pgpass)".into(),
                ));
            }
        }
        if !(1..=16).contains(&self.memory.connections) {
            return Err(invalid(format!(
                "`memory.connections` is {} (expected 1-16)",
                self.memory.connections
            )));
        }
        if self.memory.min_score > 100 {
            return Err(invalid(format!(
                "`memory.min_score` is {} (expected 0-100)",
                self.memory.min_score
            )));
        }
        for (folder, p) in &self.memory.penalties {
            if *p > 100 {
                return Err(invalid(format!(
                    "`memory.penalties.{folder}` is {p} (expected 0-100)"
                )));
            }
        }
        for (lang, pct) in &self.check.min_complete {
            if *pct > 100 {
                return Err(invalid(format!(
                    "`check.min_complete.{lang}` is {pct} (expected 0-100)"
                )));
            }
        }
        Ok(())
    }
}

/// Finds the project root: the nearest folder at or above `start` holding `polypress.toml`,
/// else the nearest one holding a `sources/` folder, else `start` itself.
pub fn find_root(start: &Path) -> PathBuf {
    for dir in start.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return dir.to_path_buf();
        }
    }
    for dir in start.ancestors() {
        if dir.join("sources").is_dir() {
            return dir.to_path_buf();
        }
    }
    start.to_path_buf()
}

/// No project at or above a folder.
#[derive(Debug, thiserror::Error)]
#[error("no project found: looked in `{}` and every folder above it for polypress.toml or a sources/ folder (expected to run inside a project, or -C <project>)", start.display())]
pub struct NoProject {
    /// Where the search started.
    pub start: PathBuf,
}

/// Like [`find_root`], but an error when neither `polypress.toml` nor `sources/` exists at or
/// above `start`: a command run in the wrong folder (a misconfigured CI job) must not report
/// success over zero articles, nor create `memory/` there.
///
/// # Errors
/// [`NoProject`], naming `start`.
pub fn find_project(start: &Path) -> Result<PathBuf, NoProject> {
    let found = start
        .ancestors()
        .any(|d| d.join(FILE_NAME).is_file() || d.join("sources").is_dir());
    if found {
        Ok(find_root(start))
    } else {
        Err(NoProject {
            start: start.to_path_buf(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let c = Config::parse("", Path::new("polypress.toml")).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.memory.min_score, 70);
    }

    #[test]
    fn rejects_unknown_key_naming_it_and_its_line() {
        let err = Config::parse(
            "languages = [\"en\"]\n\n[memory]\nmin_scor = 3\n",
            Path::new("polypress.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("polypress.toml:4:1: unknown field `min_scor`"),
            "{err}"
        );
    }

    #[test]
    fn rejects_unknown_language() {
        let err = Config::parse("languages = [\"en\", \"de\"]", Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown language `de`"), "{err}");
    }

    #[test]
    fn reads_check_gates_per_language() {
        let c = Config::parse(
            "[check]\nmax_untranslated = 3\nallow_fuzzy = true\nmin_complete = { tr = 100, ru = 80 }\n",
            Path::new("p.toml"),
        )
        .unwrap();
        assert_eq!(c.check.max_untranslated, 3);
        assert!(c.check.allow_fuzzy && !c.check.warn_only);
        assert_eq!(c.check.min_complete.get(&Lang::Ru), Some(&80));
        let err = Config::parse("[check]\nmin_complete = { tr = 120 }", Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`check.min_complete.tr` is 120"), "{err}");
    }

    #[test]
    fn rejects_out_of_range_threshold() {
        let err = Config::parse("[memory]\nmin_score = 101", Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected 0-100"), "{err}");
    }

    #[test]
    fn lookup_connections_default_to_two_and_are_bounded() {
        let c = Config::parse("", Path::new("p.toml")).unwrap();
        assert_eq!(c.memory.connections, 2);
        let c = Config::parse("[memory]\nconnections = 4", Path::new("p.toml")).unwrap();
        assert_eq!(c.memory.connections, 4);
        for bad in [0, 17] {
            let err = Config::parse(
                &format!("[memory]\nconnections = {bad}"),
                Path::new("p.toml"),
            )
            .unwrap_err()
            .to_string();
            assert!(
                err.contains("`memory.connections`") && err.contains("expected 1-16"),
                "{err}"
            );
        }
    }
}

#[cfg(test)]
mod trust_tests {
    use super::*;

    #[test]
    fn duplicate_languages_are_refused() {
        let e = Config::parse(
            "languages = [\"en\", \"en\", \"tr\"]\n",
            Path::new("polypress.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("lists `en` twice"), "{e}");
    }

    #[test]
    fn invalid_utf8_in_the_config_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, b"languages = [\"en\"]\n\n# caf\xe9\n").unwrap();
        let e = Config::load_file(&p, false).unwrap_err().to_string();
        assert!(e.contains("polypress.toml:3:"), "{e}");
        assert!(e.contains("invalid UTF-8"), "{e}");
    }
}
