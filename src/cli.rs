//! The command line (docs/commands.md): parse, dispatch to the library, print diagnostics, choose
//! the exit code — 0 success, 1 the input has errors, 2 the command line is wrong.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use throughline::build::{BuildError, BuildOptions};
use throughline::diag::{Diagnostic, Diagnostics};
use throughline::serve::{Round, ServeOptions};

#[derive(Parser)]
#[command(name = "throughline", version, about = "From tracker exports to a published strategy site")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced atomically).
    Build {
        /// The project folder (holding throughline.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The output folder (default: the `output` setting, `public` beside throughline.toml).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The report date, YYYY-MM-DD (default: `as_of` in throughline.toml, else today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Overrides `base_url`, used only for absolute links.
        #[arg(long)]
        base_url: Option<String>,
        /// The snapshot to compare with (default: data/snapshot.json already in the output folder when its as_of differs from this report's, else the newest archived report older than this one).
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Also keep this report under archive/<as_of>/, with an index of past reports.
        #[arg(long)]
        archive: bool,
        /// Print the time each stage took.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Write the board pack (board-pack.html and board-pack.pdf) into the output folder.
    Board {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the two files (default: the output folder).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// The snapshot the trends compare with (default: data/snapshot.json already in the output folder when its as_of differs from this report's, else the newest archived report older than this one).
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// Validate the inputs and list every diagnostic.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Exit 1 on warnings too.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build, serve the site on this machine, and rebuild and reload open pages on every save.
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback lets other machines read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Build into the output folder, then rebuild on every save (no server).
    Watch {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The output folder (default: the `output` setting, `public` beside throughline.toml).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Start a new project in DIR: a small working example to edit.
    Init {
        dir: PathBuf,
        /// Also copy the default theme into DIR/theme, and use it.
        #[arg(long)]
        theme: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    throughline::load::cell::parse_iso_date(text)
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build { dir, output, as_of, base_url, previous, archive, verbose } => build(
            BuildOptions {
                project_dir: dir,
                output,
                as_of,
                base_url,
                previous,
                archive,
                ..Default::default()
            },
            verbose,
        ),
        Command::Check { dir, strict, format } => check(dir, strict, format),
        Command::Board { dir, output, as_of, previous } => {
            let options = BuildOptions { project_dir: dir, output, as_of, previous, ..Default::default() };
            report(throughline::build::board(&options), false)
        }
        Command::Serve { dir, port, bind, open } => serve(dir, port, bind, open),
        Command::Watch { dir, output } => {
            watch(BuildOptions { project_dir: dir, output, ..Default::default() })
        }
        Command::Init { dir, theme } => init(dir, theme),
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    print_list(&diags.sorted());
}

fn print_list(diags: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal();
    for d in diags {
        let text = d.render();
        if color {
            let (code, word) = if d.is_error() { ("\x1b[1;31m", "error") } else { ("\x1b[1;33m", "warning") };
            eprint!("{}", text.replacen(word, &format!("{code}{word}\x1b[0m"), 1));
        } else {
            eprint!("{text}");
        }
    }
}

fn print_error(e: &dyn std::error::Error) {
    eprintln!("error: {e}");
    let mut source = e.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}

/// One line per rebuild of `serve` and `watch`, with the diagnostics of a failed one.
fn reporter(keeps: &'static str) -> impl FnMut(Round) + Send + 'static {
    let mut first = true;
    move |round| {
        let now = chrono::Local::now().format("%H:%M:%S");
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        match round {
            Round::Built { files, changed, took, warnings } => {
                if first {
                    print_diagnostics(warnings);
                    eprintln!("[{now}] built {files} files in {:.0} ms", ms(took));
                } else {
                    let warned = match warnings.warning_count() {
                        0 => String::new(),
                        n => format!(", {n} warning(s)"),
                    };
                    eprintln!(
                        "[{now}] rebuilt in {:.0} ms: {changed} of {files} files changed{warned}",
                        ms(took)
                    );
                }
            }
            Round::Failed { diagnostics, took } => {
                print_list(diagnostics);
                eprintln!("[{now}] the build failed after {:.0} ms; {keeps}", ms(took));
            }
        }
        first = false;
    }
}

fn serve(project_dir: PathBuf, port: u16, bind: IpAddr, open: bool) -> ExitCode {
    if !bind.is_loopback() {
        eprintln!(
            "warning: listening on {bind}: anyone who can reach this machine can read the site; \
             the preview is meant for your own browser (the default, 127.0.0.1)"
        );
    }
    let options = ServeOptions { build: BuildOptions { project_dir, ..Default::default() }, bind, port };
    let server = match throughline::serve::serve(options, reporter("still serving the last good site")) {
        Ok(server) => server,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(1);
        }
    };
    let url = server.url();
    eprintln!("serving at {url} (Ctrl-C to stop); rebuilding on every save");
    if open && let Err(e) = throughline::allocator::for_another_program(|| open::that_detached(&url)) {
        eprintln!("warning: cannot open a browser: {e}");
    }
    match server.wait() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::from(1)
        }
    }
}

fn watch(options: BuildOptions) -> ExitCode {
    match throughline::serve::watch(options, reporter("the output folder was not changed")) {
        Ok(rebuilding) => {
            eprintln!("watching for changes (Ctrl-C to stop)");
            rebuilding.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(1)
        }
    }
}

fn init(dir: PathBuf, theme: bool) -> ExitCode {
    match throughline::init::init(&dir, theme) {
        Ok(files) => {
            for file in &files {
                eprintln!("  created {}", dir.join(file).display());
            }
            let shown = dir.display();
            eprintln!("a new project is in {shown}; see it with `throughline serve {shown}`");
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(1)
        }
    }
}

fn build(mut options: BuildOptions, verbose: bool) -> ExitCode {
    let spinner = Spinner::start(std::io::stderr().is_terminal());
    if let Some(spinner) = &spinner {
        options.progress = spinner.progress();
    }
    let result = throughline::build(&options);
    if let Some(spinner) = spinner {
        spinner.finish();
    }
    report(result, verbose)
}

/// A spinner with the build's current stage, on a terminal only, and only once a build has taken
/// a second: a quick build, a pipe or a CI log stays quiet.
struct Spinner {
    bar: indicatif::ProgressBar,
}

impl Spinner {
    fn start(terminal: bool) -> Option<Spinner> {
        let after = std::env::var("THROUGHLINE_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(std::time::Duration::from_secs(1), std::time::Duration::from_millis);
        if !terminal {
            return None;
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(after);
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Some(Spinner { bar })
    }

    fn progress(&self) -> throughline::build::Progress {
        let bar = self.bar.clone();
        throughline::build::Progress::new(move |stage| {
            bar.set_message(match stage {
                "load" => "reading the project",
                "link" => "linking",
                "analyse" => "analysing",
                "render" => "rendering the pages, charts and board pack",
                "write" => "writing the site",
                _ => "finishing",
            })
        })
    }

    fn finish(self) {
        self.bar.finish_and_clear();
    }
}

fn report(result: Result<throughline::BuildReport, BuildError>, verbose: bool) -> ExitCode {
    match result {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            if verbose {
                for (stage, time) in &report.timings {
                    eprintln!("{stage:>12}: {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            eprintln!("wrote {} files into {}", report.files, report.output.display());
            ExitCode::SUCCESS
        }
        Err(BuildError::Input(diags)) => {
            print_diagnostics(&diags);
            eprintln!(
                "error: the build stopped: {} error(s), {} warning(s); the output was not changed",
                diags.error_count(),
                diags.warning_count()
            );
            ExitCode::from(1)
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(1)
        }
    }
}

fn check(dir: PathBuf, strict: bool, format: Format) -> ExitCode {
    let diags = throughline::check(&dir);
    match format {
        Format::Human => {
            print_diagnostics(&diags);
            eprintln!("{} error(s), {} warning(s)", diags.error_count(), diags.warning_count());
        }
        Format::Json => {
            println!("{}", serde_json::to_string_pretty(&diags.sorted()).unwrap_or_else(|_| "[]".into()));
        }
    }
    if diags.has_errors() || (strict && diags.warning_count() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
