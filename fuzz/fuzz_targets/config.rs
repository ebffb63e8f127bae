//! throughline.toml: any bytes give a configuration or a diagnostic, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Err(diagnostic) = Config::parse(data) {
        assert!(!diagnostic.message.is_empty());
    }
});
