//! Any bytes as a TMX file: parsed or a typed error, never a panic. What parses is written back
//! (the writer must not fail on anything the reader accepts, save a text XML cannot carry), and
//! what is written parses again to the same TUs.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use polypress::memory::tmx;
use polypress::model::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = tmx::parse(data, Path::new("f.tmx")) else {
        return;
    };
    let Ok(written) = tmx::write(&doc.tus, &Lang::ALL) else {
        return;
    };
    let again = tmx::parse(written.as_bytes(), Path::new("written.tmx"))
        .expect("the TMX polypress writes parses again");
    let rewritten = tmx::write(&again.tus, &Lang::ALL).expect("and writes again");
    assert_eq!(rewritten, written, "writing is stable");
});
