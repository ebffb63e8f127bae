//! No input panics (docs/files.md#bad-input): arbitrary bytes, and text shaped like a tracker export, through the
//! CSV reader and every preset's loader.

use std::collections::BTreeMap;

use proptest::prelude::*;
use throughline::config::{WorkSettings, WorkSource};
use throughline::diag::Diagnostics;
use throughline::load::{presets, table::Table, work};

fn load_every_preset(bytes: &[u8]) {
    let mut diags = Diagnostics::default();
    let Some(table) = Table::parse(bytes, "w.csv", &mut diags) else {
        assert!(diags.has_errors(), "a refused file says why");
        return;
    };
    let mut settings = WorkSettings::default();
    settings.status_map.insert("doing".into(), "in_progress".into());
    for preset in presets::ALL {
        let source = WorkSource {
            path: "w.csv".into(),
            preset: preset.name.into(),
            columns: BTreeMap::new(),
            date_order: None,
            id_prefix: String::new(),
            containers: vec![],
        };
        let (items, report) = work::load_work(table.clone(), &source, 0, preset, &settings, &mut diags);
        assert_eq!(report.items + report.containers, items.len());
    }
}

/// Cells from the alphabet trackers and Excel use, with every header a preset looks for.
fn export_like() -> impl Strategy<Value = String> {
    let headers = prop::sample::subsequence(
        vec![
            "Issue key",
            "Issue id",
            "Parent id",
            "Parent",
            "Summary",
            "Status",
            "Status Category",
            "Resolved",
            "Status Category Changed",
            "Created",
            "Custom field (Story Points)",
            "ID",
            "Title",
            "Title 1",
            "Title 3",
            "State",
            "Assigned To",
            "Task ID",
            "Name",
            "Completed At",
            "Parent task",
            "URL",
            "Assignees",
            "Estimate",
            "Due Date",
            "Work Item Type",
            "Issue Type",
            "Labels",
            "Labels",
            "Clave de incidencia",
            "Resumen",
            "Estado",
            "Principal",
            "Categoría de estado",
            "Creada",
            "Pole niestandardowe (Story Points)",
            "Projects",
            "Repository",
        ],
        0..12,
    );
    let cell = prop::string::string_regex(
        "(|[A-Z]{1,3}-[0-9]{1,3}|[0-9]{1,6}|Done|To Do|Epic|\"[a,;\\n]*\"|[0-9]{1,2}/[A-Za-z]{3}/[0-9]{2} [0-9]{1,2}:[0-9]{2} [AP]M|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}|Mon Feb 06 2023 05:00:00 GMT\\+0000 \\(GMT\\)|https://github.com/a/b/issues/[0-9]|x <y@z>|[ -~]{0,6}|é|[0-9]{1,2}/(lut|abr|févr\\.|Mär|3月)/[0-9]{2}|1\\.2[0-9]{0,3}E\\+15|Tareas por hacer|\"A,B\")",
    )
    .unwrap();
    let rows = prop::collection::vec(prop::collection::vec(cell, 0..14), 0..12);
    (headers, rows, prop::sample::select(vec![",", ";", "\t"]), prop::sample::select(vec!["\n", "\r\n"]))
        .prop_map(|(headers, rows, delimiter, end)| {
            let mut text = headers.join(delimiter) + end;
            for row in rows {
                text.push_str(&row.join(delimiter));
                text.push_str(end);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        load_every_preset(&bytes);
    }

    #[test]
    fn export_shaped_text_never_panics(text in export_like()) {
        load_every_preset(text.as_bytes());
    }

    #[test]
    fn utf16_export_shaped_text_never_panics(text in export_like()) {
        let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        load_every_preset(&bytes);
    }
}
