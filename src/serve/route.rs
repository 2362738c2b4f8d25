//! What a URL asks for. The server answers a fixed set of routes; the one
//! part a URL may choose is a note's name, which must then be one of the
//! project's notes. No part of a URL is ever joined onto a path on disk,
//! and anything that looks like an attempt to climb out (`..`, encoded
//! slashes or dots, backslashes, absolute forms) is refused outright,
//! before any lookup.

use crate::layout::font::FontStyle;

/// One of the things the server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The list of notes.
    Index,
    /// A note's preview, by its file's stem (`NCT-ICT-1013`).
    Note(String),
    /// A note's PDF, as the last build wrote it.
    Pdf(String),
    /// The WebSocket that tells open pages of each new build.
    Events,
    /// One of the project's four faces.
    Font(FontStyle),
}

/// Why a URL is not served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The URL is malformed or tries to leave the routes: 400.
    BadRequest(&'static str),
    /// No such route: 404.
    NotFound,
}

/// The route a request target (`/notes/NCT-ICT-1013?x`) names.
pub fn route(target: &str) -> Result<Route, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refused::BadRequest("the path must start with `/`"));
    }
    if path.contains('\\') {
        return Err(Refused::BadRequest("backslashes are not allowed in paths"));
    }
    if path == "/" {
        return Ok(Route::Index);
    }
    let segments = path[1..]
        .split('/')
        .map(segment)
        .collect::<Result<Vec<String>, Refused>>()?;
    let names: Vec<&str> = segments.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["notes", stem] => Ok(Route::Note(stem.to_string())),
        ["pdf", file] => file
            .strip_suffix(".pdf")
            .map(|stem| Route::Pdf(stem.to_string()))
            .ok_or(Refused::NotFound),
        ["events"] => Ok(Route::Events),
        ["fonts", face] => FontStyle::ALL
            .into_iter()
            .find(|s| font_name(*s) == *face)
            .map(Route::Font)
            .ok_or(Refused::NotFound),
        _ => Err(Refused::NotFound),
    }
}

/// The URL of a route.
pub fn url(route: &Route) -> String {
    match route {
        Route::Index => "/".to_string(),
        Route::Note(stem) => format!("/notes/{}", encode(stem)),
        Route::Pdf(stem) => format!("/pdf/{}.pdf", encode(stem)),
        Route::Events => "/events".to_string(),
        Route::Font(style) => format!("/fonts/{}", font_name(*style)),
    }
}

fn font_name(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Regular => "regular",
        FontStyle::Bold => "bold",
        FontStyle::Italic => "italic",
        FontStyle::BoldItalic => "bold-italic",
    }
}

/// One path segment, percent-decoded, or why it is refused.
fn segment(raw: &str) -> Result<String, Refused> {
    let decoded = decode(raw).ok_or(Refused::BadRequest(
        "the path is not validly percent-encoded UTF-8",
    ))?;
    if decoded.is_empty() {
        return Err(Refused::NotFound);
    }
    if decoded == "." || decoded == ".." || decoded.starts_with('.') {
        return Err(Refused::BadRequest(
            "path segments may not be `.` or `..` or start with a dot",
        ));
    }
    if decoded.contains(['/', '\\']) || decoded.chars().any(char::is_control) {
        return Err(Refused::BadRequest(
            "path segments may not hold slashes, backslashes or control characters",
        ));
    }
    Ok(decoded)
}

fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A note's stem as a URL segment: what is not plainly safe is
/// percent-encoded (a series may be written in Cyrillic).
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_routes_are_recognised() {
        assert_eq!(route("/"), Ok(Route::Index));
        assert_eq!(route("/?x=1"), Ok(Route::Index));
        assert_eq!(
            route("/notes/NCT-ICT-1013"),
            Ok(Route::Note("NCT-ICT-1013".into()))
        );
        assert_eq!(
            route("/pdf/NCT-ICT-1013.pdf"),
            Ok(Route::Pdf("NCT-ICT-1013".into()))
        );
        assert_eq!(route("/events"), Ok(Route::Events));
        assert_eq!(
            route("/fonts/bold-italic"),
            Ok(Route::Font(FontStyle::BoldItalic))
        );
    }

    #[test]
    fn a_stem_round_trips_through_its_url() {
        for stem in ["NCT-ICT-1013", "НОТА-7", "a b+c"] {
            let url = url(&Route::Note(stem.to_string()));
            assert_eq!(route(&url), Ok(Route::Note(stem.to_string())), "{url}");
        }
    }

    #[test]
    fn attempts_to_climb_out_are_refused() {
        for target in [
            "/../verbale.toml",
            "/notes/..",
            "/notes/%2e%2e",
            "/notes/%2E%2E%2Fverbale.toml",
            "/notes/..%2fverbale.toml",
            "/notes/a%5c..%5cverbale.toml",
            "/notes/a\\..\\verbale.toml",
            "/notes/.verbale-manifest",
            "/pdf/..%2F..%2Fetc%2Fpasswd.pdf",
            "/fonts/..%2f..%2fverbale.toml",
            "/notes/%00",
            "/notes/%zz",
            "/notes/%c0%ae%c0%ae",
            "http://example.com/notes/x",
            "verbale.toml",
        ] {
            assert!(
                matches!(route(target), Err(Refused::BadRequest(_))),
                "{target}: {:?}",
                route(target)
            );
        }
        for target in [
            "//etc/passwd",
            "/etc/passwd",
            "/notes/",
            "/fonts/verbale.toml",
            "/pdf/x.toml",
            "/notes/x/y",
        ] {
            assert_eq!(route(target), Err(Refused::NotFound), "{target}");
        }
    }
}
