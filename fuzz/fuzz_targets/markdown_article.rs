//! A Markdown article (front matter and body) in any bytes: parsed into an article or a typed
//! error, never a panic; a parsed article reassembles to the very text it came from.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use polypress::model::Lang;
use polypress::segment::Rules;
use polypress::source::{self, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (lang, format) in [
        (Lang::En, Format::Article),
        (Lang::Tr, Format::Markdown),
        (Lang::Ru, Format::Plain),
    ] {
        let rules = Rules::builtin(lang);
        if let Ok(a) = source::parse(text, Path::new("en.md"), "a", lang, format, &rules) {
            assert_eq!(a.reassemble(), text, "lossless reassembly");
        }
    }
});
