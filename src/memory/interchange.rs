//! `tm import` and `tm export` as library calls: TMX files from elsewhere → the memory folder,
//! and the memory → one TMX file. Each returns plain data for the CLI to print.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::{tmx, LoadOptions, Memory, MemoryError, Tu, PROJECT_FILE};
use crate::error::Location;
use crate::model::Lang;

/// One imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedFile {
    /// The file as given.
    pub path: PathBuf,
    /// TUs read from it.
    pub tus: usize,
    /// Variants kept outside the project's languages (other languages, second variants).
    pub skipped_variants: usize,
    /// Variants read, by `xml:lang` as written (`de-DE`, `en-GB`, `tr`): all kept.
    pub variants: std::collections::BTreeMap<String, usize>,
}

/// What `tm import` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The files read, in the order given.
    pub files: Vec<ImportedFile>,
    /// The memory file written, relative to the memory folder.
    pub into: PathBuf,
    /// TUs added as new.
    pub inserted: usize,
    /// TUs merged into an existing one (new languages for the same text).
    pub merged: usize,
    /// TUs the memory already held.
    pub unchanged: usize,
    /// Whether the memory file changed on disk.
    pub written: bool,
}

fn target_file(into: Option<&str>) -> Result<PathBuf, MemoryError> {
    let name = into.unwrap_or("project");
    let path = PathBuf::from(if name.ends_with(".tmx") {
        name.to_string()
    } else {
        format!("{name}.tmx")
    });
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(MemoryError::Structure {
            at: Location::file(name),
            message: "`--into` must name a file below the memory folder (expected e.g. `reference/client`, without `..` or a leading `/`)".into(),
        });
    }
    Ok(path)
}

/// Reads `files` and adds their TUs to the memory in `root`: by default into `project.tmx`
/// (merged with [`Memory::add`], so repeats are not duplicated), or with `into = Some(name)`
/// into `<root>/<name>.tmx` (created or extended; a name below a penalty folder such as
/// `reference/client` gets that folder's penalty).
///
/// # Errors
/// A file cannot be read or parsed (nothing is written then), or writing fails.
pub fn import(
    root: &Path,
    files: &[PathBuf],
    into: Option<&str>,
    options: &LoadOptions,
) -> Result<ImportReport, MemoryError> {
    let target = target_file(into)?;
    let mut incoming: Vec<Tu> = Vec::new();
    let mut report = ImportReport {
        files: Vec::new(),
        into: target.clone(),
        inserted: 0,
        merged: 0,
        unchanged: 0,
        written: false,
    };
    for path in files {
        let doc = tmx::parse(&crate::fsx::read_bytes(path)?, path)?;
        let mut variants = std::collections::BTreeMap::new();
        for tu in &doc.tus {
            let tags = tu
                .variants
                .iter()
                .map(|(l, v)| {
                    let t = &v.info().lang_tag;
                    if t.is_empty() {
                        l.code().to_string()
                    } else {
                        t.clone()
                    }
                })
                .chain(tu.info().others.iter().map(|o| o.tag.clone()));
            for tag in tags {
                *variants.entry(tag).or_insert(0) += 1;
            }
        }
        report.files.push(ImportedFile {
            path: path.clone(),
            tus: doc.tus.len(),
            skipped_variants: doc.skipped_variants,
            variants,
        });
        incoming.extend(doc.tus);
    }
    if target == Path::new(PROJECT_FILE) {
        let mut memory = Memory::load(root, options)?;
        [report.inserted, report.merged, report.unchanged] = memory.merge(incoming);
        report.written = memory.save_project()?;
        return Ok(report);
    }
    // A named file: the same merge rules, applied within that file only.
    let full = root.join(&target);
    let mut memory = Memory::new();
    if full.is_file() {
        let doc = tmx::parse(&crate::fsx::read_bytes(&full)?, &target)?;
        memory.tus = doc.tus.into();
    }
    [report.inserted, report.merged, report.unchanged] = memory.merge(incoming);
    let xml = tmx::write(&memory.tus, &Lang::ALL)?;
    report.written = crate::fsx::write_atomic(&full, xml.as_bytes())?;
    Ok(report)
}

/// Writes every TU of the memory that has at least one of `langs` as one TMX document (only
/// those languages' variants), in memory order: the project file, then the other files in path
/// order, each in document order. Returns the document and the number of TUs in it.
///
/// # Errors
/// A text holds a character XML 1.0 cannot carry.
pub fn export(memory: &Memory, langs: &[Lang]) -> Result<(String, usize), MemoryError> {
    let mut order: Vec<&Tu> = memory.tus.iter().collect();
    // Project TUs added after loading sit at the end of `tus`; export them first, as loaded.
    order.sort_by_key(|t| t.file);
    let count = order
        .iter()
        .filter(|t| {
            t.variants.keys().any(|l| langs.contains(l))
                || t.info()
                    .others
                    .iter()
                    .any(|o| tmx::keeps_tag(&o.tag, langs))
        })
        .count();
    Ok((tmx::write(order, langs)?, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_names_outside_the_memory_folder() {
        assert!(target_file(Some("../x")).is_err());
        assert!(target_file(Some("/tmp/x")).is_err());
        assert_eq!(
            target_file(Some("reference/client")).unwrap(),
            PathBuf::from("reference/client.tmx")
        );
        assert_eq!(target_file(None).unwrap(), PathBuf::from("project.tmx"));
    }

    #[test]
    fn import_into_a_named_file_then_export_filters_languages() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in.tmx");
        std::fs::write(
            &src,
            "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"ru\"><seg>Привет</seg></tuv></tu></body></tmx>",
        )
        .unwrap();
        let root = dir.path().join("memory");
        let opts = LoadOptions::default();
        let r = import(
            &root,
            std::slice::from_ref(&src),
            Some("reference/client"),
            &opts,
        )
        .unwrap();
        assert_eq!((r.inserted, r.written), (1, true));
        let r = import(&root, &[src], Some("reference/client"), &opts).unwrap();
        assert_eq!((r.unchanged, r.written), (1, false));
        let m = Memory::load(&root, &opts).unwrap();
        let (xml, n) = export(&m, &[Lang::En]).unwrap();
        assert_eq!(n, 1);
        assert!(xml.contains("<seg>Hi</seg>") && !xml.contains("Привет"));
    }
}
