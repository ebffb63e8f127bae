//! The command line (SPEC 1): parse, dispatch to the library, print diagnostics, choose the exit
//! code — 0 success, 1 the input has errors, 2 the command line is wrong.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use throughline::build::{BuildError, BuildOptions};
use throughline::diag::Diagnostics;

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
        /// The snapshot to compare with (default: data/snapshot.json in the output folder, when older).
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
        /// The snapshot the trends compare with (default: the one in the output folder, when older).
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    throughline::ingest::cell::parse_iso_date(text)
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
        Command::Build { dir, output, as_of, base_url, previous, archive, verbose } => {
            build(BuildOptions { project_dir: dir, output, as_of, base_url, previous, archive }, verbose)
        }
        Command::Check { dir, strict, format } => check(dir, strict, format),
        Command::Board { dir, output, as_of, previous } => {
            let options = BuildOptions { project_dir: dir, output, as_of, previous, ..Default::default() };
            report(throughline::build::board(&options), false)
        }
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal();
    for d in diags.sorted() {
        let text = d.render();
        if color {
            let (code, word) = if d.is_error() { ("\x1b[1;31m", "error") } else { ("\x1b[1;33m", "warning") };
            eprint!("{}", text.replacen(word, &format!("{code}{word}\x1b[0m"), 1));
        } else {
            eprint!("{text}");
        }
    }
}

fn build(options: BuildOptions, verbose: bool) -> ExitCode {
    report(throughline::build(&options), verbose)
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
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
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
