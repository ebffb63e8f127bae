//! Tracker exports: any bytes through the table reader and every preset's work loader.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use throughline::config::{WorkSettings, WorkSource};
use throughline::diag::Diagnostics;
use throughline::load::{presets, table::Table, work};

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::default();
    let Some(table) = Table::parse(data, "data/work.csv", &mut diags) else {
        assert!(diags.has_errors(), "a refused file says why");
        return;
    };
    let settings = WorkSettings::default();
    for preset in presets::ALL {
        let source = WorkSource {
            path: "data/work.csv".into(),
            preset: preset.name.into(),
            columns: BTreeMap::new(),
            date_order: None,
            id_prefix: String::new(),
            containers: vec![],
        };
        let (items, report) = work::load_work(table.clone(), &source, 0, preset, &settings, &mut diags);
        assert_eq!(report.items + report.containers, items.len());
    }
});
