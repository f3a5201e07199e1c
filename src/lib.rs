//! polypress: a multilingual publishing pipeline with a translation memory.
//!
//! A publisher writes each article once, in English, Turkish or Russian, and publishes it in all
//! three. Data flows one way through the modules, each importing only from the stages before it:
//!
//! 1. [`source`] reads `sources/<slug>/<lang>.md` (TOML front matter, CommonMark body) into an
//!    [`model::Article`]: blocks, and segments whose inline markup became placeholders. The
//!    pieces reassemble into the file byte for byte.
//! 2. [`segment`] splits every block into sentences with language rules (or SRX 2.0).
//! 3. [`memory`] holds the TMX translation memory and answers lookups: exact, in-context and
//!    fuzzy matches with an explained score and adapted numbers, through an index that returns
//!    exactly what a full scan would.
//! 4. [`draft`] keeps each translation as `sources/<slug>/<lang>.json`: pre-filled from memory,
//!    synced with source edits without losing human work, exchanged with CAT tools as XLIFF, and
//!    learnt back into `memory/project.tmx`. [`align`] makes drafts from legacy translations.
//! 5. [`assemble`] builds every edition (HTML, Markdown, side-by-side) with [`l10n`] chrome.
//! 6. [`report`] tells CI what is left: `check` findings, gates and formats; `analyze` bands.
//!    [`terms`] is the glossary (TBX and CSV in `terms/`), its morphology-aware matcher and
//!    the `terminology` gate's findings; prefill, lookup and XLIFF export show its term hits.
//!
//! [`Project`] puts the stages together as the commands do: opened from a root, it owns the
//! configuration, the layout, each language's segmentation rules and the memory (each loaded
//! once, on first use), and has one method per command — [`Project::segment`],
//! [`Project::prefill`], [`Project::learn`], [`Project::align`], [`Project::analyze`],
//! [`Project::export_xliff`], [`Project::import_xliff`], [`Project::check`],
//! [`Project::build`], the `tm_*` and the `terms_*` methods — each taking an options struct from
//! [`project`] and returning a typed report or a [`ProjectError`]. None prints; the
//! `polypress` binary only parses arguments and renders the reports.
//!
//! ```
//! use polypress::project::{BuildOptions, PrefillOptions};
//! use polypress::{NoProgress, Project};
//! # fn copy(from: &std::path::Path, to: &std::path::Path) {
//! #     std::fs::create_dir_all(to).unwrap();
//! #     for e in std::fs::read_dir(from).unwrap() {
//! #         let p = e.unwrap().path();
//! #         let dest = to.join(p.file_name().unwrap());
//! #         if p.is_dir() { copy(&p, &dest) } else { std::fs::copy(&p, &dest).unwrap(); }
//! #     }
//! # }
//! # let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! # let tmp = tempfile::tempdir().unwrap();
//! # for dir in ["sources", "memory"] { copy(&sample.join(dir), &tmp.path().join(dir)); }
//! # std::fs::copy(sample.join("polypress.toml"), tmp.path().join("polypress.toml")).unwrap();
//! // A copy of the repository's sample project.
//! let mut project = Project::open(tmp.path())?;
//! let prefill = project.prefill(&PrefillOptions::default(), &NoProgress)?;
//! assert_eq!(prefill.drafts.len(), 6); // 3 articles × 2 target languages
//! assert!(prefill.counts().translated > 0);
//!
//! let build = project.build(&BuildOptions::default(), &NoProgress)?;
//! assert_eq!(build.site.articles, 3);
//! assert!(build.site.editions.iter().all(|e| e.complete)); // the sample is fully translated
//! assert!(tmp.path().join("output/tr/central-asia-japan-dialogue/index.html").is_file());
//! # Ok::<(), polypress::ProjectError>(())
//! ```
//!
//! The stages alone, in a few lines — an article, a memory that knows one sentence, a draft:
//!
//! ```
//! use std::path::Path;
//! use polypress::draft::{self, Job, PrefillOptions, State};
//! use polypress::memory::{Memory, Tu, Variant};
//! use polypress::model::Lang;
//! use polypress::segment::Rules;
//! use polypress::source::{self, Format};
//!
//! let text = "+++\ntitle = \"Dialogue\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A. B. Kyzy\"\n+++\n\n\
//!             The 9th meeting will be held in Tokyo.[1] Dr. Hayashi will attend.\n";
//! let article = source::parse(text, Path::new("en.md"), "dialogue", Lang::En, Format::Article,
//!                             &Rules::builtin(Lang::En)).unwrap();
//! assert_eq!(article.reassemble(), text); // lossless
//! let texts: Vec<&str> = article.segments.iter().map(|s| s.text.as_str()).collect();
//! assert_eq!(texts, ["Dialogue", "The 9th meeting will be held in Tokyo.{1/}", "Dr. Hayashi will attend."]);
//!
//! let mut memory = Memory::new();
//! let mut tu = Tu::default();
//! tu.variants.insert(Lang::En, Variant::new(Lang::En, "The 8th meeting will be held in Tokyo.{1/}"));
//! tu.variants.insert(Lang::Tr, Variant::new(Lang::Tr, "8. toplantı Tokyo'da yapılacak.{1/}"));
//! memory.add(tu);
//!
//! let job = Job { article: &article, target: Lang::Tr, old: None };
//! let (draft, _) = draft::prefill(vec![job], &memory, PrefillOptions::default(), &|| {}).remove(0);
//! let entry = &draft.segments[1];
//! assert_eq!(entry.state, State::Fuzzy); // a number differs: pre-filled, for review
//! assert_eq!(entry.target, "9. toplantı Tokyo'da yapılacak.{1/}"); // 8 → 9 adapted
//! assert_eq!(draft.segments[2].state, State::New); // nothing in memory
//! ```
#![warn(missing_docs)]

pub mod align;
pub mod assemble;
pub mod config;
pub mod draft;
pub mod error;
pub mod fsx;
pub mod l10n;
pub mod lock;
pub mod memory;
pub mod model;
pub mod project;
pub mod report;
pub mod sanitize;
pub mod segment;
pub mod serve;
pub mod source;
pub mod teammem;
pub mod terms;
mod xml;

pub use project::{NoProgress, Progress, Project, ProjectError};
