//! Any text as `polypress.toml`: a configuration or a typed error naming the line, never a
//! panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use polypress::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Config::parse(text, Path::new("polypress.toml"));
    }
});
