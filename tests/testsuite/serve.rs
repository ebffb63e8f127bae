//! `serve`, `watch` and `init` as a user meets them: a real server on an ephemeral port, real
//! saves into a copy of a project, and a plain HTTP client, with a time limit on every wait.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;
use throughline::build::BuildOptions;
use throughline::serve::{self, ServeOptions};

const WAIT: Duration = Duration::from_secs(20);

struct Response {
    status: u16,
    head: String,
    body: String,
}

/// One request, sent as written (no normalisation of the path), read to the end.
fn request(addr: SocketAddr, method: &str, path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Response { status, head: head.to_ascii_lowercase(), body: body.to_string() }
}

fn get(addr: SocketAddr, path: &str) -> Response {
    request(addr, "GET", path, &format!("127.0.0.1:{}", addr.port()))
}

/// An open page's event stream, as its script opens it.
struct Events {
    reader: BufReader<TcpStream>,
    pending: Vec<u8>,
}

impl Events {
    fn open(addr: SocketAddr, page_path: &str) -> Events {
        let page = get(addr, page_path).body;
        let attr = |name: &str| {
            let start = page.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in the page"))
                + name.len()
                + 2;
            page[start..start + page[start..].find('"').unwrap()].to_string()
        };
        let query = format!(
            "path={page_path}&file={}&v={}&a={}&s={}",
            attr("data-file"),
            attr("data-version"),
            attr("data-assets"),
            attr("data-instance")
        );
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(stream, "GET /__throughline/events?{query} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            assert!(!line.is_empty(), "the event stream closed");
        }
        Events { reader, pending: vec![] }
    }

    /// The next event's name and data (the body is chunked; events end with a blank line).
    fn next(&mut self) -> (String, String) {
        loop {
            if let Some(end) = self.pending.windows(2).position(|w| w == b"\n\n") {
                let event: Vec<u8> = self.pending.drain(..end + 2).collect();
                let text = String::from_utf8(event).unwrap();
                let field = |name: &str| {
                    text.lines()
                        .find_map(|l| l.strip_prefix(name))
                        .map(|v| v.trim_start().to_string())
                        .unwrap_or_default()
                };
                if text.starts_with(':') {
                    continue; // keep-alive comment
                }
                // As a browser does, an event without data is never delivered.
                assert!(text.lines().any(|l| l.starts_with("data:") && l.len() > 5), "no data in {text:?}");
                return (field("event:"), field("data:"));
            }
            let mut size = String::new();
            self.reader.read_line(&mut size).expect("an event within the time limit");
            let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
            let mut chunk = vec![0; size + 2];
            self.reader.read_exact(&mut chunk).unwrap();
            self.pending.extend_from_slice(&chunk[..size]);
        }
    }

    /// Skips `ok` events until another one comes.
    fn next_not_ok(&mut self) -> (String, String) {
        let deadline = Instant::now() + WAIT;
        loop {
            let event = self.next();
            if event.0 != "ok" || Instant::now() > deadline {
                return event;
            }
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_saved_csv_reloads_the_page_and_a_broken_one_shows_the_overlay_over_the_old_site() {
    let (_dir, project) = project("minimal");
    let server = start(&project);
    let addr = server.addr();
    let page = get(addr, "/initiatives/i1.html");
    assert_eq!(page.status, 200);
    assert!(page.head.contains("content-type: text/html; charset=utf-8"), "{}", page.head);
    assert!(page.body.contains("Checkout") && page.body.contains("/__throughline/live.js"));

    let mut events = Events::open(addr, "/initiatives/i1.html");
    assert_eq!(events.next().0, "ok", "the page is up to date");
    edit(&project.join("data/initiatives.csv"), "I1,Checkout,", "I1,Checkout v2,");
    assert_eq!(events.next_not_ok().0, "reload");
    assert!(get(addr, "/initiatives/i1.html").body.contains("Checkout v2"));

    // A broken save: the overlay's diagnostics arrive, and the last good site is still served.
    let mut events = Events::open(addr, "/initiatives/i1.html");
    assert_eq!(events.next().0, "ok");
    edit(
        &project.join("data/work.csv"),
        "W2,Pay,done,,E1,story,bo,5,2026-09-01",
        "W2,Pay,done,,E1,story,bo,5,2026-02-30",
    );
    let (name, data) = events.next_not_ok();
    assert_eq!(name, "failed");
    let diagnostics: serde_json::Value = serde_json::from_str(&data).unwrap();
    let first = &diagnostics[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "data/work.csv");
    assert_eq!(first["line"], 4);
    assert!(first["message"].as_str().unwrap().contains("2026-02-30"), "{first}");
    let old = get(addr, "/initiatives/i1.html");
    assert_eq!(old.status, 200);
    assert!(old.body.contains("Checkout v2"), "the last good site");
    // A page opened while the build is broken shows the overlay at once.
    assert_eq!(Events::open(addr, "/").next().0, "failed");

    // Fixed: the page that showed the overlay reloads (its build changed) or hides it.
    edit(&project.join("data/work.csv"), "2026-02-30", "2026-09-01");
    let (name, _) = events.next();
    assert!(name == "reload" || name == "ok", "{name}");
    assert_eq!(Events::open(addr, "/initiatives/i1.html").next().0, "ok");
}

/// A strategy.toml that does not parse is one error, first in the overlay, naming the key and
/// carrying the offending line; nothing that refers to its key results is reported missing.
#[test]
fn a_strategy_file_that_does_not_parse_is_the_first_and_only_error_of_the_overlay() {
    let (_dir, project) = project("minimal");
    let server = start(&project);
    let mut events = Events::open(server.addr(), "/");
    assert_eq!(events.next().0, "ok");
    edit(&project.join("strategy.toml"), "baseline = 4.0", "baseline = \"four\"");
    let (name, data) = events.next_not_ok();
    assert_eq!(name, "failed");
    let diagnostics: serde_json::Value = serde_json::from_str(&data).unwrap();
    let first = &diagnostics[0];
    assert_eq!(first["file"], "strategy.toml", "{diagnostics}");
    assert_eq!(
        first["message"], "`kr[1].baseline` (key result `KR1`): expected a number, found the text \"four\"",
        "{diagnostics}"
    );
    assert_eq!(first["excerpt"]["text"], "baseline = \"four\"");
    let errors = diagnostics.as_array().unwrap().iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(errors, 1, "no cascade of missing key results: {diagnostics}");
}

#[test]
fn a_page_that_did_not_change_is_not_reloaded() {
    let (_dir, project) = project("minimal");
    let server = start(&project);
    let addr = server.addr();
    let mut unchanged = Events::open(addr, "/people/ana.html");
    let mut changed = Events::open(addr, "/initiatives/i2.html");
    assert_eq!(unchanged.next().0, "ok");
    assert_eq!(changed.next().0, "ok");
    // A later due date changes I2's page, not ana's (nor the search index every page loads).
    edit(&project.join("data/initiatives.csv"), "2026-12-20", "2026-12-22");
    assert_eq!(changed.next().0, "reload");
    assert_eq!(unchanged.next().0, "ok", "ana's page has the same bytes");
}

#[test]
fn a_save_by_rename_as_editors_do_reloads_once() {
    let (_dir, project) = project("minimal");
    let server = start(&project);
    let mut events = Events::open(server.addr(), "/initiatives/i1.html");
    assert_eq!(events.next().0, "ok");
    // vim's sequence: probe file 4913, the old file renamed to a backup~, the new one written
    // under a temporary name and renamed into place, the backup removed.
    let csv = project.join("data/initiatives.csv");
    let text = std::fs::read_to_string(&csv).unwrap().replace("I1,Checkout,", "I1,Checkout renamed,");
    std::fs::write(project.join("data/4913"), "").unwrap();
    std::fs::remove_file(project.join("data/4913")).unwrap();
    std::fs::rename(&csv, project.join("data/initiatives.csv~")).unwrap();
    std::fs::write(project.join("data/.initiatives.csv.tmp"), text).unwrap();
    std::fs::rename(project.join("data/.initiatives.csv.tmp"), &csv).unwrap();
    std::fs::remove_file(project.join("data/initiatives.csv~")).unwrap();
    assert_eq!(events.next_not_ok().0, "reload", "no failed build from the moment the file was missing");
    assert!(get(server.addr(), "/initiatives/i1.html").body.contains("Checkout renamed"));
}

#[test]
fn a_save_that_changes_no_byte_does_not_rebuild() {
    let (_dir, project) = project("minimal");
    let rounds = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = rounds.clone();
    let options = ServeOptions {
        build: BuildOptions { project_dir: project.clone(), ..Default::default() },
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
    };
    let server = serve::serve(options, move |_| {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    })
    .unwrap();
    let mut events = Events::open(server.addr(), "/");
    assert_eq!(events.next().0, "ok");
    let csv = project.join("data/people.csv");
    // Rewritten with the same bytes, and an editor's swap file beside it.
    std::fs::write(&csv, std::fs::read(&csv).unwrap()).unwrap();
    std::fs::write(project.join("data/.people.csv.swp"), "x").unwrap();
    // Then a real change, to know when the watcher has seen everything before it.
    edit(&project.join("notes/kr1.md"), "Commentary", "New commentary");
    let deadline = Instant::now() + WAIT;
    while rounds.load(std::sync::atomic::Ordering::SeqCst) < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(rounds.load(std::sync::atomic::Ordering::SeqCst), 2, "the first build and the note's");
    assert!(get(server.addr(), "/krs/kr1.html").body.contains("New commentary"));
}

#[test]
fn serves_the_site_with_content_types_and_its_404_page() {
    let (_dir, project) = project("minimal");
    let server = start(&project);
    let addr = server.addr();
    for (path, kind) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        ("/assets/style.css", "text/css"),
        ("/assets/search.js", "text/javascript"),
        ("/data/snapshot.json", "application/json"),
        ("/__throughline/live.js", "text/javascript"),
    ] {
        let response = get(addr, path);
        assert_eq!(response.status, 200, "{path}");
        assert!(response.head.contains(&format!("content-type: {kind}")), "{path}: {}", response.head);
    }
    assert!(!get(addr, "/assets/style.css").body.contains("__throughline"), "only HTML gets the script");
    let missing = get(addr, "/krs/no-such-kr.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<base href=\"/\">") && missing.body.contains("/__throughline/live.js"));
    assert!(missing.body.contains("Page not found"), "the site's own 404 page");
    let head = request(addr, "HEAD", "/index.html", "localhost");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(request(addr, "POST", "/index.html", "localhost").status, 405);

    // Several clients at once.
    let clients: Vec<_> =
        (0..8).map(|_| std::thread::spawn(move || get(addr, "/strategy.html").status)).collect();
    assert!(clients.into_iter().all(|c| c.join().unwrap() == 200));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let (dir, project) = project("minimal");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, project.join("secret.html")).unwrap();
        std::fs::create_dir_all(project.join("public")).unwrap();
        std::os::unix::fs::symlink(&secret, project.join("public/secret.html")).unwrap();
    }
    let server = start(&project);
    let addr = server.addr();
    let absolute = secret.to_string_lossy().replace('\\', "/");
    for path in [
        "/../secret.txt".to_string(),
        "/../../secret.txt".to_string(),
        "/%2e%2e/secret.txt".to_string(),
        "/%2E%2E%2Fsecret.txt".to_string(),
        "/..%2fsecret.txt".to_string(),
        "/..%5csecret.txt".to_string(),
        "/assets/..%2f..%2fsecret.txt".to_string(),
        format!("/{absolute}"),
        format!("/{}", absolute.replace('/', "%2f")),
        "/secret.html".to_string(),
        "/public/secret.html".to_string(),
        "/throughline.toml".to_string(),
        "/data/work.csv".to_string(),
    ] {
        let response = get(addr, &path);
        assert!(response.status == 400 || response.status == 404, "{path}: {}", response.status);
        assert!(!response.body.contains("TOP-SECRET"), "{path} leaked the file");
        assert!(!response.body.contains("W1,Cart"), "{path} leaked an input");
    }
    // A page elsewhere on the web that points its own name at 127.0.0.1 gets nothing.
    let rebound = request(addr, "GET", "/", "attacker.example");
    assert_eq!(rebound.status, 403);
    assert_eq!(request(addr, "GET", "/", "localhost:1111").status, 200);
    assert_eq!(request(addr, "GET", "/", "[::1]:1111").status, 200);
}

#[test]
fn a_project_that_does_not_build_at_first_is_still_served_and_recovers() {
    let (_dir, project) = project("minimal");
    edit(&project.join("strategy.toml"), "baseline = 4.0", "baseline = \"four\"");
    let server = start(&project);
    let addr = server.addr();
    let first = get(addr, "/");
    assert_eq!(first.status, 404);
    assert!(first.body.contains("No site yet") && first.body.contains("/__throughline/live.js"));
    let mut events = Events::open(addr, "/");
    let (name, data) = events.next();
    assert_eq!(name, "failed");
    assert!(data.contains("strategy.toml"), "{data}");
    edit(&project.join("strategy.toml"), "baseline = \"four\"", "baseline = 4.0");
    assert_eq!(events.next_not_ok().0, "reload");
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn build_output_never_carries_the_reload_script() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__throughline") && !text.contains("EventSource"), "{path}");
    }
}

#[test]
fn watch_rewrites_only_what_changed_and_keeps_the_folder_on_a_broken_save() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("out");
    let (tx, rx) = std::sync::mpsc::channel();
    let options =
        BuildOptions { project_dir: project.clone(), output: Some(out.clone()), ..Default::default() };
    let watching = serve::watch(options, move |round| {
        let _ = tx.send(matches!(round, serve::Round::Built { .. }));
    })
    .unwrap();
    assert_eq!(rx.recv_timeout(WAIT), Ok(true), "the first build");
    let ana = out.join("people/ana.html");
    let before = std::fs::metadata(&ana).unwrap().modified().unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    std::fs::File::options().write(true).open(&ana).unwrap().set_modified(old).unwrap();
    assert_ne!(before, old);

    edit(&project.join("data/initiatives.csv"), "I2,Launch,", "I2,Launch day,");
    assert_eq!(rx.recv_timeout(WAIT), Ok(true));
    assert!(std::fs::read_to_string(out.join("initiatives/i2.html")).unwrap().contains("Launch day"));
    assert_eq!(
        std::fs::metadata(&ana).unwrap().modified().unwrap(),
        old,
        "an unchanged page is not rewritten"
    );

    std::fs::write(project.join("data/people.csv"), "id,name\nana,\"Ana\n").unwrap();
    assert_eq!(rx.recv_timeout(WAIT), Ok(false), "the broken save fails");
    assert!(std::fs::read_to_string(out.join("initiatives/i2.html")).unwrap().contains("Launch day"));
    assert!(ana.exists());
    let siblings: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(siblings.len(), 2, "no staging folder is left: {siblings:?}");
    drop(watching);
}

/// After a save, `watch` rewrites the changed pages through temporary files: they must keep the
/// usual modes (0644 under the umask 022), not a temporary file's 0600, or the intranet's web
/// server refuses exactly the pages that changed.
#[cfg(target_os = "linux")]
#[test]
fn watch_rewrites_changed_pages_with_the_umasks_usual_modes() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("out");
    let (tx, rx) = std::sync::mpsc::channel();
    let options =
        BuildOptions { project_dir: project.clone(), output: Some(out.clone()), ..Default::default() };
    let watching = serve::watch(options, move |round| {
        let _ = tx.send(matches!(round, serve::Round::Built { .. }));
    })
    .unwrap();
    assert_eq!(rx.recv_timeout(WAIT), Ok(true), "the first build");
    assert_usual_modes(&out, umask());
    edit(&project.join("data/initiatives.csv"), "I2,Launch,", "I2,Launch day,");
    assert_eq!(rx.recv_timeout(WAIT), Ok(true));
    assert!(std::fs::read_to_string(out.join("initiatives/i2.html")).unwrap().contains("Launch day"));
    assert_usual_modes(&out, umask());
    drop(watching);
}

#[test]
fn init_makes_a_project_that_builds_cleanly_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("x");
    throughline::init::init(&project, false).unwrap();
    let diagnostics = throughline::check(&project);
    assert!(diagnostics.is_empty(), "{:?}", diagnostics.sorted());
    let server = start(&project);
    let home = get(server.addr(), "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Example Co strategy"));
    check_links_of(&project);
}

fn check_links_of(project: &Path) {
    let out = project.parent().unwrap().join("built");
    build_into(project, &out).unwrap();
    check_links(&out);
}

#[test]
fn init_with_theme_uses_the_copied_theme() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("x");
    throughline::init::init(&project, true).unwrap();
    edit(&project.join("theme/templates/404.html"), "<h1>Page not found</h1>", "<h1>our own theme</h1>");
    let out = dir.path().join("out");
    build_into(&project, &out).unwrap();
    assert!(std::fs::read_to_string(out.join("404.html")).unwrap().contains("our own theme"));
}

/// The benchmark of BENCHMARKS.md, not a test: the time from saving a file to the `reload`
/// event reaching an open page, over a copy of the project in THROUGHLINE_BENCH_PROJECT
/// (default: the sample). Run it in release:
///
///     THROUGHLINE_BENCH_PROJECT=sample-data/acme cargo test --release --test testsuite -- --ignored --nocapture serve::save_to_reload
#[test]
#[ignore]
fn save_to_reload() {
    throughline::allocator::configure();
    let source = std::env::var("THROUGHLINE_BENCH_PROJECT").unwrap_or_else(|_| "sample-data/acme".into());
    let rounds: usize =
        std::env::var("THROUGHLINE_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    // What is edited: a key result's note, one of its check-ins, or an initiative's title.
    let kind = std::env::var("THROUGHLINE_BENCH_EDIT").unwrap_or_else(|_| "title".into());
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    copy_dir(&repo().join(&source), &project);
    let started = Instant::now();
    let server = start(&project);
    eprintln!("{source}: first build and start {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    // The first key result, as the site names its page.
    let home = get(server.addr(), "/strategy.html").body;
    let kr_page =
        regex::Regex::new(r#"href="(krs/[^"]+\.html)""#).unwrap().captures(&home).unwrap()[1].to_string();
    let kr_id = {
        let page = get(server.addr(), &format!("/{kr_page}")).body;
        regex::Regex::new(r"key result ([^<]+)</p>").unwrap().captures(&page).unwrap()[1].trim().to_string()
    };
    let slug = kr_page.trim_start_matches("krs/").trim_end_matches(".html").to_string();
    let checkins = project.join("data/checkins.csv");
    let checkins_before = std::fs::read_to_string(&checkins).unwrap_or_default();
    let csv = project.join("data/initiatives.csv");
    let original = std::fs::read_to_string(&csv).unwrap();
    let (header, rest) = original.split_once('\n').unwrap();
    let first_comma = rest.find(',').unwrap();
    let (watched, what) = match kind.as_str() {
        "note" => (format!("/{kr_page}"), format!("the note of {kr_id}")),
        "checkin" => (format!("/{kr_page}"), format!("a check-in of {kr_id}")),
        _ => ("/strategy.html".to_string(), "the title of the first initiative".to_string()),
    };
    let mut times = Vec::new();
    for round in 0..rounds {
        let mut events = Events::open(server.addr(), &watched);
        assert_eq!(events.next().0, "ok");
        let saved = Instant::now();
        match kind.as_str() {
            "note" => {
                std::fs::write(project.join(format!("notes/{slug}.md")), format!("Round {round}: on pace.\n"))
                    .unwrap()
            }
            "checkin" => std::fs::write(
                &checkins,
                format!(
                    "{checkins_before}{}{kr_id},2026-11-19,{}.5,0.6,round {round}\n",
                    if checkins_before.ends_with('\n') { "" } else { "\n" },
                    10 + round
                ),
            )
            .unwrap(),
            _ => {
                let (before, after) = rest.split_at(first_comma + 1);
                std::fs::write(&csv, format!("{header}\n{before}[{round}] {after}")).unwrap();
            }
        }
        assert_eq!(events.next_not_ok().0, "reload");
        // Shown: the page fetched again, as the browser does on the reload event.
        let page = get(server.addr(), &watched);
        assert_eq!(page.status, 200);
        times.push(saved.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(100));
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    eprintln!(
        "{source}: save of {what} -> page shown again, over {rounds} saves: min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        at(0.0),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}

/// Incremental by construction, shown: `watch` follows a week of edits to the sample (a
/// check-in, a note, a moved due date, a finished item, a cut capacity, a broken and then fixed
/// strategy file), and after each one the folder it keeps is byte for byte the folder a fresh
/// `build` writes. Its rebuilds take what did not change from the build before; a stale page
/// would show here.
#[test]
fn watch_through_a_week_of_edits_equals_a_fresh_build_after_each() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("watched");
    let (tx, rx) = std::sync::mpsc::channel();
    let options =
        BuildOptions { project_dir: project.clone(), output: Some(out.clone()), ..Default::default() };
    let watching = serve::watch(options, move |round| {
        let _ = tx.send(matches!(round, serve::Round::Built { .. }));
    })
    .unwrap();
    assert_eq!(rx.recv_timeout(WAIT), Ok(true), "the first build");
    let fresh = |name: &str| {
        let to = dir.path().join(name);
        build_into(&project, &to).unwrap();
        files(&to)
    };
    let same_as_fresh = |step: &str| {
        let watched = files(&out);
        let built = fresh(step);
        let differ: Vec<&String> = watched
            .keys()
            .chain(built.keys())
            .filter(|path| watched.get(*path) != built.get(*path))
            .collect();
        assert!(differ.is_empty(), "after {step}, watch differs from a fresh build in {differ:?}");
    };
    same_as_fresh("the first build");
    let edits: [(&str, &str, &str, &str); 7] = [
        (
            "a check-in",
            "data/checkins.csv",
            "KR1.1,2026-09-02,14.9,0.8,",
            "KR1.1,2026-09-02,14.9,0.8,\nKR1.1,2026-11-19,21.5,0.6,Monday's number",
        ),
        ("a note", "notes/kr1-1.md", "", "\n\nUpdated after the pricing review: the trend holds.\n"),
        (
            "a moved due date",
            "data/initiatives.csv",
            "I-04,Payment retries and dunning,KR1.3,tom,checkout,2026-09-07,2026-12-18",
            "I-04,Payment retries and dunning,KR1.3,tom,checkout,2026-09-07,2027-01-22",
        ),
        (
            "a finished item",
            "data/jira-export.csv",
            "Saved cards: integration tests,CHK-544,10120,Story,In Review,In Progress,High,Amir Haddad,Elena Petrova,13/Nov/26 12:40 PM,17/Nov/26 8:52 AM,,",
            "Saved cards: integration tests,CHK-544,10120,Story,Done,Done,High,Amir Haddad,Elena Petrova,13/Nov/26 12:40 PM,19/Nov/26 8:52 AM,19/Nov/26 8:52 AM,",
        ),
        ("a cut capacity", "data/people.csv", "amir,Amir Haddad,platform,5,", "amir,Amir Haddad,platform,2,"),
        // A title is not read by linking, which is kept, but shows on the rows of the work.
        (
            "a renamed initiative",
            "data/initiatives.csv",
            "I-05,Mid-market sales playbook and CPQ,",
            "I-05,Mid-market playbook and CPQ,",
        ),
        // An epic listed by two initiatives: its items move to the first, so the work links anew.
        (
            "an epic claimed by another initiative",
            "data/initiatives.csv",
            ",active,,CHK-456,",
            ",active,,CHK-456;REV-46,",
        ),
    ];
    for (step, file, from, to) in edits {
        let path = project.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = if from.is_empty() { format!("{text}{to}") } else { text.replacen(from, to, 1) };
        assert_ne!(edited, text, "{step}: the edit applies");
        std::fs::write(&path, edited).unwrap();
        assert_eq!(rx.recv_timeout(WAIT), Ok(true), "{step} builds");
        same_as_fresh(step);
    }
    // A broken save changes nothing; its fix is a build like any other.
    let strategy = project.join("strategy.toml");
    let good = std::fs::read_to_string(&strategy).unwrap();
    let before = files(&out);
    std::fs::write(&strategy, good.replacen("title = \"Grow", "title = \"Grow\nunclosed", 1)).unwrap();
    assert_eq!(rx.recv_timeout(WAIT), Ok(false), "the broken strategy file fails");
    assert_eq!(files(&out), before, "a failed build changes nothing");
    std::fs::write(&strategy, good.replacen("target = 35.0", "target = 30.0", 1)).unwrap();
    assert_eq!(rx.recv_timeout(WAIT), Ok(true), "the fixed strategy file builds");
    same_as_fresh("a fixed strategy file");
    drop(watching);
}

/// `serve` typesets the board pack's PDF when it is asked for, not on every save: a save leaves
/// it for later, and the request gets the real PDF.
#[test]
fn the_board_pack_pdf_is_typeset_when_asked_for() {
    let (_dir, project) = project("minimal");
    let server = start(&project);
    let pdf = get(server.addr(), "/board-pack.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.head.to_ascii_lowercase().contains("content-type: application/pdf"), "{}", pdf.head);
    assert!(pdf.body.starts_with("%PDF-"), "a PDF, typeset on request");
    let html = get(server.addr(), "/board-pack.html");
    assert_eq!(html.status, 200);
}

/// `serve` leaves graph.json in pieces after a save that moved only the strategy (the work's
/// part is the last build's), and joins them when it is asked for: what it serves is what a
/// build writes.
#[test]
fn graph_json_after_a_moved_status_is_the_one_a_build_writes() {
    let (dir, project) = project("minimal");
    let server = start(&project);
    let addr = server.addr();
    let before = get(addr, "/data/graph.json");
    assert_eq!(before.status, 200);
    let mut events = Events::open(addr, "/strategy.html");
    assert_eq!(events.next().0, "ok");
    // The key result reaches its target: its status moves (and its bet's), its work does not.
    edit(&project.join("data/checkins.csv"), "KR1,2026-11-15,5.0", "KR1,2026-11-15,6.0");
    assert_eq!(events.next_not_ok().0, "reload");
    let after = get(addr, "/data/graph.json");
    assert_eq!(after.status, 200);
    assert!(after.head.contains("content-type: application/json"), "{}", after.head);
    assert_ne!(after.body, before.body, "the key result's status moved");
    let out = dir.path().join("built");
    build_into(&project, &out).unwrap();
    assert_eq!(after.body, std::fs::read_to_string(out.join("data/graph.json")).unwrap());
}
