//! strategy.toml: bets and key results from any text, with diagnostics for what cannot be read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline::diag::Diagnostics;
use throughline::load::strategy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut diags = Diagnostics::default();
    let _ = strategy::load_toml(text, "strategy.toml", &mut diags);
});
