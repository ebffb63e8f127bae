//! The stages of a build, one by one, on a generated project of 10,000 work items (the
//! enterprise's proportions, see examples/synth.rs): `cargo bench --bench stages`.
//! Whole builds, with wall time and peak memory, are timed by scripts/bench.sh (BENCHMARKS.md).

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use throughline::diag::Diagnostics;
use throughline::render::site::SiteInput;
use throughline::render::theme::Theme;
use throughline::view::HistoryView;
use throughline::{analyse, link, load, snapshot::Snapshot};

fn stages(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let dir = tmp.path().join("synth");
    synth::generate(&dir, synth::Shape::with_work_items(10_000), 9).expect("generated");
    let load = || load::load(&dir, &mut Diagnostics::default()).expect("loaded");
    let mut project = load();
    let graph = link::link(&mut project, &mut Diagnostics::default());
    let as_of = project.config.as_of.expect("synth sets as_of");
    let analysis = analyse::analyse(&project, &graph, as_of);
    let snapshot = Snapshot::new(&project, &graph, &analysis);
    let theme = Theme::load(&dir, &project.config.theme).expect("the default theme");
    let history = HistoryView::default();

    let mut group = c.benchmark_group("stages-10k");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(load));
    group.bench_function("link", |b| {
        b.iter_batched(
            load,
            |mut p| link::link(&mut p, &mut Diagnostics::default()),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("analyse", |b| b.iter(|| analyse::analyse(&project, &graph, as_of)));
    group.bench_function("render", |b| {
        b.iter(|| {
            throughline::render::site::render(&SiteInput {
                project: &project,
                graph: &graph,
                analysis: &analysis,
                snapshot: &snapshot,
                theme: &theme,
                history: &history,
                defer: false,
                notes_only: None,
            })
            .expect("rendered")
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
