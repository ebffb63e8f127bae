//! A previous snapshot.json (`--previous`, the archive): any bytes give a snapshot or a
//! diagnostic, and a snapshot compares with itself without a change, whatever the triggers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline::analyse::SignalKind;
use throughline::history;

fuzz_target!(|data: &[u8]| {
    if let Ok(snapshot) = history::parse(data, "previous.json") {
        assert!(history::changes(&snapshot, &snapshot, SignalKind::ALL).is_empty());
    }
});
