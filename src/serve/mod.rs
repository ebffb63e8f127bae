//! `serve` and `watch` (docs/commands.md#serve): build, then rebuild after every save. `serve`
//! keeps the last good site in memory and serves it over HTTP (`http`), telling open pages to
//! reload (`reload`); `watch` writes each good build into the output folder, rewriting only the
//! files that changed.

pub mod http;
pub mod live;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::build::{self, BuildError, BuildOptions, Rendered};
use crate::diag::{Diagnostic, Diagnostics};
use crate::history::ARCHIVE_DIR;
use crate::write::{self, OutputFile};
use live::Live;
use watch::{Fingerprints, Ignore, Signal, Watcher};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("there is no {0}: is this a Throughline project? (`throughline init DIR` starts one)")]
    NotAProject(PathBuf),
    #[error("cannot listen on {addr}; choose another port with --port")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("cannot watch the project for changes")]
    Watch(#[from] notify::Error),
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port (the tests do).
    pub port: u16,
}

/// What one round of building did, for the terminal.
#[derive(Debug)]
pub enum Round<'a> {
    Built {
        files: usize,
        /// Files written (`watch`) or changed in memory (`serve`).
        changed: usize,
        took: Duration,
        warnings: &'a Diagnostics,
    },
    Failed {
        diagnostics: &'a [Diagnostic],
        took: Duration,
    },
}

/// Builds now, then after each settled batch of real changes, handing each result to `apply`,
/// until a `Stop` arrives. The inputs are fingerprinted before each build, so that a save made
/// during a build triggers another one.
fn rebuild_loop(
    options: &BuildOptions,
    mut watcher: Watcher,
    mut apply: impl FnMut(Result<Rendered, BuildError>, Instant),
) {
    let mut fingerprints = Fingerprints::default();
    let mut roots = watch::roots(&options.project_dir);
    let mut ignore = ignore_for(options, &roots);
    let mut batch_started = Instant::now();
    let mut session = build::Session::default();
    let mut first = true;
    loop {
        // What changed since the last build: the files a rebuild reads again (all, at first).
        let changed = fingerprints.record(&roots, &ignore);
        let changed = (!std::mem::take(&mut first)).then_some(&changed);
        apply(session.render(options, changed), batch_started);
        // A changed throughline.toml may name another theme, output or input folder.
        let now = watch::roots(&options.project_dir);
        if now != roots {
            roots = now;
            let _ = watcher.watch(&roots);
            ignore = ignore_for(options, &roots);
        }
        loop {
            let Some((paths, rescan)) = watcher.next_batch(&ignore) else { return };
            batch_started = Instant::now();
            if rescan || fingerprints.any_changed(&paths) {
                break;
            }
        }
    }
}

fn ignore_for(options: &BuildOptions, roots: &[(PathBuf, notify::RecursiveMode)]) -> Ignore {
    let output = match crate::config::Config::load(&options.project_dir) {
        Ok(config) => options.output.clone().unwrap_or_else(|| options.project_dir.join(config.output)),
        Err(_) => options.output.clone().unwrap_or_else(|| options.project_dir.join("public")),
    };
    Ignore { roots: roots.iter().map(|(r, _)| r.clone()).collect(), output: watch::canonical(&output) }
}

fn check_project(options: &BuildOptions) -> Result<(), ServeError> {
    let config = options.project_dir.join(crate::config::CONFIG_FILE);
    if config.is_file() { Ok(()) } else { Err(ServeError::NotAProject(config)) }
}

/// A running rebuild loop: stopped when dropped.
pub struct Rebuilding {
    stop: Sender<Signal>,
    thread: Option<JoinHandle<()>>,
}

impl Rebuilding {
    /// Watches the project, then builds it now and after every change, on a thread of its own.
    fn start(
        options: BuildOptions,
        apply: impl FnMut(Result<Rendered, BuildError>, Instant) + Send + 'static,
    ) -> Result<Rebuilding, ServeError> {
        check_project(&options)?;
        let mut watcher = Watcher::new()?;
        watcher.watch(&watch::roots(&options.project_dir))?;
        let stop = watcher.stopper();
        let thread = std::thread::Builder::new()
            .name("throughline-rebuild".into())
            .spawn(move || rebuild_loop(&options, watcher, apply))
            .map_err(ServeError::Runtime)?;
        Ok(Rebuilding { stop, thread: Some(thread) })
    }

    /// Blocks until the loop ends (only when stopped, or a bug).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Rebuilding {
    fn drop(&mut self) {
        let _ = self.stop.send(Signal::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `throughline watch`: the first build is published atomically like `build`; each later good
/// build rewrites only the files whose bytes changed. A failed build leaves the folder as it was.
pub fn watch(
    options: BuildOptions,
    mut report: impl FnMut(Round) + Send + 'static,
) -> Result<Rebuilding, ServeError> {
    let project = options.project_dir.clone();
    let mut previous: Option<Vec<OutputFile>> = None;
    Rebuilding::start(options, move |result, started| match result {
        Ok(rendered) => {
            let written = match &previous {
                Some(old) => write::update(&rendered.output, old, &rendered.files, &project, &[ARCHIVE_DIR]),
                None => write::publish(&rendered.output, &rendered.files, &project, &[ARCHIVE_DIR])
                    .map(|_| rendered.files.len()),
            };
            match written {
                Ok(changed) => {
                    let took = started.elapsed();
                    let files = rendered.files.len();
                    report(Round::Built { files, changed, took, warnings: &rendered.diagnostics });
                    previous = Some(rendered.files);
                }
                Err(e) => {
                    // Part of the folder may be new: the next build compares with the disk.
                    previous = Some(vec![]);
                    let diagnostics = BuildError::Output(e).diagnostics();
                    report(Round::Failed { diagnostics: &diagnostics, took: started.elapsed() });
                }
            }
        }
        Err(e) => report(Round::Failed { diagnostics: &e.diagnostics(), took: started.elapsed() }),
    })
}

/// `throughline serve`, running: the rebuild loop and the HTTP server. Both stop when dropped.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    http: Option<JoinHandle<std::io::Result<()>>>,
    rebuilding: Option<Rebuilding>,
}

impl Server {
    /// Where it listens (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address to give a browser.
    pub fn url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            self.addr.ip().to_string()
        };
        match self.addr.ip() {
            IpAddr::V6(_) if !self.addr.ip().is_unspecified() => {
                format!("http://[{host}]:{}/", self.addr.port())
            }
            _ => format!("http://{host}:{}/", self.addr.port()),
        }
    }

    /// Serves until the process ends.
    pub fn wait(mut self) -> std::io::Result<()> {
        match self.http.take() {
            Some(thread) => thread.join().unwrap_or(Ok(())),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.http.take() {
            let _ = thread.join();
        }
        self.rebuilding.take();
    }
}

/// Starts `serve`: binds the address (so that a busy port fails now), then builds and watches.
/// The first build happens before this returns, so the first page asked for is the real site;
/// a first build that fails still serves, and shows why.
pub fn serve(
    options: ServeOptions,
    mut report: impl FnMut(Round) + Send + 'static,
) -> Result<Server, ServeError> {
    check_project(&options.build)?;
    // A preview serves the board pack's PDF when it is opened, rather than typesetting it on
    // every save.
    let options = ServeOptions { build: BuildOptions { defer: true, ..options.build }, ..options };
    let wanted = SocketAddr::new(options.bind, options.port);
    let listen = |source| ServeError::Listen { addr: wanted, source };
    let listener = TcpListener::bind(wanted).map_err(listen)?;
    listener.set_nonblocking(true).map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;

    let (live_tx, live_rx) = tokio::sync::watch::channel(Arc::new(Live::empty()));
    let (first_tx, first_rx) = std::sync::mpsc::channel();
    let rebuilding = Rebuilding::start(options.build, move |result, started| {
        let current = live_tx.borrow().clone();
        match result {
            Ok(rendered) => {
                if std::env::var_os("THROUGHLINE_TIMINGS").is_some() {
                    eprintln!("{:?}", rendered.timings);
                }
                let files = rendered.files.len();
                let (next, changed) = current.built(rendered.files, rendered.later);
                live_tx.send_replace(Arc::new(next));
                report(Round::Built {
                    files,
                    changed,
                    took: started.elapsed(),
                    warnings: &rendered.diagnostics,
                });
            }
            Err(e) => {
                let diagnostics = e.diagnostics();
                live_tx.send_replace(Arc::new(current.failed(diagnostics.clone())));
                report(Round::Failed { diagnostics: &diagnostics, took: started.elapsed() });
            }
        }
        let _ = first_tx.send(());
    })?;
    let _ = first_rx.recv();

    let instance = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 & 0x1f_ffff_ffff_ffff);
    let app = live::App { live: live_rx, instance, loopback_only: options.bind.is_loopback() };
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(ServeError::Runtime)?;
    let http = std::thread::Builder::new()
        .name("throughline-http".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                let server = axum::serve(listener, http::router(app)).into_future();
                futures_util::pin_mut!(server);
                match futures_util::future::select(server, stopped).await {
                    futures_util::future::Either::Left((result, _)) => result,
                    futures_util::future::Either::Right(_) => Ok(()),
                }
            })
        })
        .map_err(ServeError::Runtime)?;
    Ok(Server { addr, shutdown: Some(shutdown), http: Some(http), rebuilding: Some(rebuilding) })
}
