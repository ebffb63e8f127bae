//! Telling open pages about rebuilds: the script `serve` adds to every HTML page it sends, and
//! the server-sent events it listens to — `reload` when its page or a shared asset changed, `ok`
//! when it did not, `failed` (with the diagnostics) when the rebuild failed.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::Uri;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use percent_encoding::percent_decode_str;

use super::live::{App, Live, Page, resolve};
use crate::view::markdown::escape_html;

/// The client, served at `SCRIPT_PATH`.
pub const SCRIPT: &str = include_str!("live.js");
pub const SCRIPT_PATH: &str = "/__throughline/live.js";
pub const EVENTS_PATH: &str = "/__throughline/events";

/// `html` with the reload script before its last `</body>` (or at its end). The script carries
/// what the page was built from, so that the server can tell whether a rebuild changed it.
pub fn inject(html: &[u8], file: &str, page: Option<&Page>, live: &Live, instance: u64) -> Vec<u8> {
    let tag = format!(
        r#"<script src="{SCRIPT_PATH}" data-file="{}" data-version="{}" data-assets="{}" data-instance="{instance}"></script>"#,
        escape_html(file),
        page.map_or(0, |p| p.version),
        live.site.assets_version,
    );
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// What an open page told us about itself when it connected.
#[derive(Debug, Default, PartialEq)]
struct Client {
    /// The URL path it shows, and the file that was sent for it (`404.html` for a miss).
    path: String,
    file: String,
    version: u64,
    assets: u64,
    instance: u64,
}

impl Client {
    fn from_query(query: &str) -> Client {
        let mut client = Client::default();
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode_str(value).decode_utf8_lossy().into_owned();
            match key {
                "path" => client.path = value,
                "file" => client.file = value,
                "v" => client.version = value.parse().unwrap_or(0),
                "a" => client.assets = value.parse().unwrap_or(0),
                "s" => client.instance = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        client
    }

    /// Whether the page the client shows is out of date in `live`. When in doubt (another server
    /// instance, a path that now maps to another file), it is.
    fn is_stale(&self, live: &Live, instance: u64) -> bool {
        if self.instance != instance || self.assets != live.site.assets_version {
            return true;
        }
        match resolve(&live.site, &self.path) {
            Ok(r) => r.file != self.file || r.page.map_or(0, |p| p.version) != self.version,
            Err(_) => true,
        }
    }

    fn event(&self, live: &Live, instance: u64) -> Event {
        if let Some(diagnostics) = &live.failure {
            let json = serde_json::to_string(diagnostics.as_slice()).unwrap_or_else(|_| "[]".into());
            Event::default().event("failed").data(json)
        } else {
            // A browser drops an event without data: each one carries the generation.
            let name = if self.is_stale(live, instance) { "reload" } else { "ok" };
            Event::default().event(name).data(live.generation.to_string())
        }
    }
}

/// `GET /__throughline/events`: one event now, for the state the page was opened in, then one
/// per rebuild, until the page goes away or the server stops.
pub async fn events(State(app): State<App>, uri: Uri) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let client = Arc::new(Client::from_query(uri.query().unwrap_or("")));
    let first = true;
    let stream = futures_util::stream::unfold((app, client, first), |(mut app, client, first)| async move {
        if !first && app.live.changed().await.is_err() {
            return None;
        }
        let live = app.live.borrow_and_update().clone();
        let event = client.event(&live, app.instance);
        Some((Ok(event), (app, client, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::OutputFile;

    #[test]
    fn injects_before_the_last_body_end() {
        let (live, _) = Live::empty().built(vec![OutputFile::new("index.html", "x")], vec![]);
        let page = live.site.get("index.html");
        let html = inject(b"<html><body><p>a</p></BODY></html>", "index.html", page, &live, 7);
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><body><p>a</p><script src=\"/__throughline/live.js\""), "{html}");
        assert!(html.ends_with("data-instance=\"7\"></script></BODY></html>"), "{html}");
        let bare = String::from_utf8(inject(b"text", "a\"b", None, &live, 7)).unwrap();
        assert!(bare.starts_with("text<script") && bare.contains("data-file=\"a&quot;b\""), "{bare}");
    }

    #[test]
    fn a_page_is_stale_when_it_or_a_shared_asset_changed() {
        let (one, _) = Live::empty().built(
            vec![
                OutputFile::new("index.html", "home"),
                OutputFile::new("b.html", "b"),
                OutputFile::new("assets/style.css", "css"),
            ],
            vec![],
        );
        let client = Client::from_query("path=%2Findex.html&file=index.html&v=1&a=1&s=9");
        assert_eq!(client.path, "/index.html");
        assert!(!client.is_stale(&one, 9));
        assert!(client.is_stale(&one, 10), "another server instance");
        let (two, _) = one.built(
            vec![
                OutputFile::new("index.html", "home"),
                OutputFile::new("b.html", "B"),
                OutputFile::new("assets/style.css", "css"),
            ],
            vec![],
        );
        assert!(!client.is_stale(&two, 9), "only b.html changed");
        let (three, _) = two.built(
            vec![OutputFile::new("index.html", "home"), OutputFile::new("assets/style.css", "new css")],
            vec![],
        );
        assert!(client.is_stale(&three, 9));
        let missing = Client::from_query("path=/c.html&file=404.html&v=0&a=1&s=9");
        assert!(!missing.is_stale(&two, 9));
        let (four, _) = two.built(
            vec![OutputFile::new("c.html", "now here"), OutputFile::new("assets/style.css", "css")],
            vec![],
        );
        assert!(missing.is_stale(&four, 9), "the missing page appeared");
    }
}
