//! The HTTP side of `serve`: URLs are looked up in the in-memory site, never on the disk, so no
//! request can reach a file outside the output folder. HTML gets the reload script; a miss gets
//! the site's own 404 page.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::live::{App, resolve};
use super::reload::{self, EVENTS_PATH, SCRIPT, SCRIPT_PATH};

pub fn router(app: App) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(reload::events))
        .route(SCRIPT_PATH, get(script))
        .fallback(get(page))
        .layer(middleware::from_fn_with_state(app.clone(), only_this_machine))
        .with_state(app)
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut response = (status, body.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A preview must never show a stale copy from the browser's cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// Any `GET` (and `HEAD`) outside `/__throughline/`: a file of the site, or its 404 page.
async fn page(State(app): State<App>, uri: Uri) -> Response {
    let live = app.live.borrow().clone();
    let Ok(resolved) = resolve(&live.site, uri.path()) else {
        return respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "refused: not a path of this site\n",
        );
    };
    let status = if resolved.found { StatusCode::OK } else { StatusCode::NOT_FOUND };
    let kind = content_type(&resolved.file);
    let Some(page) = resolved.page else {
        // No 404.html (or no good build yet): a bare page that still shows the overlay.
        let (title, text) = if live.site.is_empty() {
            (
                "No site yet",
                "The project has not built yet: the reasons are listed below. Save a fix and this page updates by itself.",
            )
        } else {
            ("Not found", "There is no such page in this site.")
        };
        let html = format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\"><h1>{title}</h1><p>{text}</p></body></html>"
        );
        let html = reload::inject(html.as_bytes(), &resolved.file, None, &live, app.instance);
        return respond(status, "text/html; charset=utf-8", html);
    };
    if let Some(later) = page.later.clone() {
        return match tokio::task::spawn_blocking(move || later.bytes()).await {
            Ok(Ok(bytes)) => respond(status, kind, bytes),
            Ok(Err(message)) => respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/plain; charset=utf-8",
                format!("{} could not be made: {message}\n", resolved.file),
            ),
            Err(_) => respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/plain; charset=utf-8",
                "making the file failed",
            ),
        };
    }
    if !kind.starts_with("text/html") {
        return respond(status, kind, page.bytes.clone());
    }
    let mut html = reload::inject(&page.bytes, &resolved.file, Some(page), &live, app.instance);
    if !resolved.found {
        html = base_at_root(html);
    }
    respond(status, kind, Bytes::from(html))
}

/// The 404 page is sent for a path at any depth, but its relative links are written for the
/// site root: a `<base>` puts them back there.
fn base_at_root(html: Vec<u8>) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    if lower.windows(5).any(|w| w == b"<base") {
        return html;
    }
    let Some(head) = lower.windows(5).position(|w| w == b"<head") else { return html };
    let Some(end) = lower[head..].iter().position(|&b| b == b'>') else { return html };
    let at = head + end + 1;
    [&html[..at], b"<base href=\"/\">".as_slice(), &html[at..]].concat()
}

async fn script() -> Response {
    respond(StatusCode::OK, "text/javascript; charset=utf-8", SCRIPT)
}

/// On loopback, a request must name this machine: a web page elsewhere that points its own
/// host name at 127.0.0.1 (DNS rebinding) cannot read the preview.
async fn only_this_machine(State(app): State<App>, request: Request, next: Next) -> Response {
    if app.loopback_only {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.split(':').next().unwrap_or(""),
        };
        let local = name.eq_ignore_ascii_case("localhost")
            || name.ends_with(".localhost")
            || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !local {
            return respond(
                StatusCode::FORBIDDEN,
                "text/plain; charset=utf-8",
                "this preview answers only to localhost\n",
            );
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::live::{Live, Refused, Site};
    use crate::write::OutputFile;

    fn site() -> Site {
        Live::empty()
            .built(
                vec![
                    OutputFile::new("index.html", "home"),
                    OutputFile::new("bets/b1.html", "b1"),
                    OutputFile::new("404.html", "missing"),
                ],
                vec![],
            )
            .0
            .site
            .as_ref()
            .clone()
    }

    #[test]
    fn resolves_pages_and_misses() {
        let site = site();
        let r = resolve(&site, "/").unwrap();
        assert_eq!((r.file.as_str(), r.found), ("index.html", true));
        let r = resolve(&site, "/bets/b1.html").unwrap();
        assert_eq!((r.file.as_str(), r.found), ("bets/b1.html", true));
        let r = resolve(&site, "/bets/%62%31.html").unwrap();
        assert_eq!(r.file, "bets/b1.html", "percent-encoded letters are fine");
        let r = resolve(&site, "/nope.html").unwrap();
        assert_eq!((r.file.as_str(), r.found), ("404.html", false));
        assert!(r.page.is_some());
    }

    #[test]
    fn refuses_paths_that_could_leave_the_site() {
        let site = site();
        for bad in [
            "/../etc/passwd",
            "/bets/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/bets%2fb1.html",
            "/bets%5c..%5cb1.html",
            "//etc/passwd",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/a\\..\\b",
            "/index.html%00.png",
            "/%ff.html",
            "etc/passwd",
        ] {
            assert_eq!(resolve(&site, bad).unwrap_err(), Refused, "{bad}");
        }
    }

    #[test]
    fn the_404_page_links_from_the_root() {
        let html = base_at_root(b"<html><HEAD lang=x><title>t</title></head></html>".to_vec());
        assert_eq!(html, b"<html><HEAD lang=x><base href=\"/\"><title>t</title></head></html>");
        let kept = base_at_root(b"<head><base href=\"https://x/\"></head>".to_vec());
        assert_eq!(kept, b"<head><base href=\"https://x/\"></head>");
        assert_eq!(content_type("a/b.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
