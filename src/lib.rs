//! polypress: a multilingual publishing pipeline with a translation memory.
#![warn(missing_docs)]

pub mod align;
pub mod assemble;
pub mod config;
pub mod draft;
pub mod error;
pub mod fsx;
pub mod l10n;
pub mod memory;
pub mod model;
pub mod report;
pub mod segment;
pub mod source;
mod xml;
