//! The native CSV files (bets, key results, check-ins, initiatives, people, commitments): any bytes
//! through the table reader and every record loader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline::diag::Diagnostics;
use throughline::load::{records, strategy, table::Table};

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::default();
    let Some(table) = Table::parse(data, "data/x.csv", &mut diags) else {
        assert!(diags.has_errors(), "a refused file says why");
        return;
    };
    let _ = strategy::load_bets_csv(&table, &mut diags);
    let _ = strategy::load_krs_csv(&table, &mut diags);
    let _ = records::load_checkins(&table, &mut diags);
    let _ = records::load_initiatives(&table, &mut diags);
    let _ = records::load_people(&table, &mut diags);
    let _ = records::load_commitments(&table, &mut diags);
});
