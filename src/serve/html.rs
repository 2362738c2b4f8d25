//! The preview's pages: the list of notes, a note's three versions side by
//! side, and a failed note's diagnostics. Every text from the project is
//! escaped; the words of the pages' own chrome are English, the notes'
//! words are whatever the project holds.

use std::fmt::Write as _;
use std::path::Path;

use crate::build::Status;
use crate::diag::{Diagnostic, Severity, Sources, line_col};
use crate::layout::font::FontStyle;
use crate::preview::{self, escape};

use super::route::{Route, url};
use super::state::{NoteState, Preview, Snapshot};

/// The index: every note with its number, date, subject and build state.
pub fn index(snapshot: &Snapshot) -> String {
    let mut body = String::new();
    body.push_str("<h1>Notes</h1>");
    if snapshot.notes.is_empty() {
        body.push_str("<p>There are no notes in <code>notes/</code>.</p>");
    } else {
        body.push_str(
            "<table class=\"notes\"><thead><tr><th>Number</th><th>Date</th>\
             <th>Subject</th><th>Build state</th><th>PDF</th></tr></thead><tbody>",
        );
        for note in &snapshot.notes {
            let (state, class) = state(note);
            let _ = write!(
                body,
                "<tr class=\"{class}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>\
                 <td class=\"state\">{}</td><td>{}</td></tr>",
                escape(&url(&Route::Note(note.stem.clone()))),
                escape(&number(note)),
                escape(&date(note)),
                escape(&subject(note)),
                escape(&state),
                pdf_link(note),
            );
        }
        body.push_str("</tbody></table>");
    }
    let problems: Vec<&Diagnostic> = snapshot.run.diagnostics.iter().collect();
    if !problems.is_empty() {
        let _ = write!(
            body,
            "<h2>Problems ({})</h2><ul class=\"short\">",
            problems.len()
        );
        for d in problems {
            let _ = write!(
                body,
                "<li class=\"{}\">{}</li>",
                d.severity,
                escape(&d.short(&snapshot.project.world))
            );
        }
        body.push_str("</ul>");
    }
    document("Notes — verbale", snapshot.generation, &body)
}

/// A note's page: its versions side by side, page for page, or the
/// problems that kept it from being built.
pub fn note(snapshot: &Snapshot, note: &NoteState) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<nav><a href=\"/\">All notes</a></nav><header class=\"note\"><h1>{}</h1>\
         <p class=\"about\">{} · {}</p><p class=\"state\">Build state: <b>{}</b></p>{}</header>",
        escape(&number(note)),
        escape(&date(note)),
        escape(&subject(note)),
        escape(&state(note).0),
        match note.pdf() {
            Some(_) => format!(
                "<p><a class=\"download\" href=\"{}\" download>Download PDF</a></p>",
                escape(&url(&Route::Pdf(note.stem.clone())))
            ),
            None => String::new(),
        }
    );
    let diagnostics = snapshot.diagnostics_of(note);
    match snapshot.preview(note).as_deref() {
        Some(Preview::Pages {
            versions,
            enclosure,
            appended,
        }) => {
            versions_grid(&mut body, versions);
            if let Some(pages) = enclosure {
                body.push_str("<h2>Enclosure</h2>");
                versions_grid(&mut body, &[(String::new(), pages.clone())]);
            }
            if let Some(a) = appended {
                let _ = write!(
                    body,
                    "<h2>Enclosure</h2><p class=\"appended\">{} ({} page{}) is appended to the PDF as it is, from page {}: \
                     <a href=\"{}#page={}\">open it there</a></p>",
                    escape(&a.file.display().to_string()),
                    a.pages,
                    if a.pages == 1 { "" } else { "s" },
                    a.first_page,
                    escape(&url(&Route::Pdf(note.stem.clone()))),
                    a.first_page,
                );
            }
            let warnings: Vec<&Diagnostic> = diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Warning)
                .collect();
            if !warnings.is_empty() {
                let _ = write!(
                    body,
                    "<details class=\"problems\"><summary>{} warnings</summary>",
                    warnings.len()
                );
                problems(&mut body, snapshot, &warnings);
                body.push_str("</details>");
            }
        }
        Some(Preview::Failed(found)) => {
            body.push_str("<section class=\"problems\"><h2>The note cannot be set</h2>");
            let found: Vec<&Diagnostic> = found.iter().collect();
            problems(&mut body, snapshot, &found);
            body.push_str("</section>");
        }
        None => {
            let reason = match &note.status {
                Some(Status::Failed { reason, .. }) => format!("Not built: {reason}"),
                Some(Status::WriteFailed(e)) => format!("Not written: {e}"),
                Some(Status::Withdrawn { .. }) => {
                    "Its number is withdrawn, so no PDF is made".to_string()
                }
                _ => "Not built".to_string(),
            };
            let _ = write!(
                body,
                "<section class=\"problems\"><h2>{}</h2>",
                escape(&reason)
            );
            problems(&mut body, snapshot, &diagnostics);
            body.push_str("</section>");
        }
    }
    document(
        &format!("{} — verbale", number(note)),
        snapshot.generation,
        &body,
    )
}

/// A page saying what is not here, live like the others so that it turns
/// into the note's page when the note appears.
pub fn missing(generation: u64, what: &str) -> String {
    let body = format!(
        "<nav><a href=\"/\">All notes</a></nav><h1>Not found</h1><p>{}</p>",
        escape(what)
    );
    document("Not found — verbale", generation, &body)
}

/// Pages of several versions in a grid, one column per version and one
/// row per page, so that page 2 of each language stands side by side.
fn versions_grid(body: &mut String, versions: &[(String, Vec<String>)]) {
    let _ = write!(
        body,
        "<div class=\"versions\" style=\"--columns: {}\">",
        versions.len().max(1)
    );
    for (lang, _) in versions {
        if !lang.is_empty() {
            let _ = write!(
                body,
                "<h2 class=\"lang\" lang=\"{0}\">{1}</h2>",
                escape(lang),
                escape(&lang.to_uppercase())
            );
        }
    }
    let rows = versions.iter().map(|(_, p)| p.len()).max().unwrap_or(0);
    for row in 0..rows {
        for (lang, pages) in versions {
            match pages.get(row) {
                Some(svg) => {
                    let _ = write!(
                        body,
                        "<figure class=\"page\"{}>{svg}<figcaption>{}</figcaption></figure>",
                        if lang.is_empty() {
                            String::new()
                        } else {
                            format!(" lang=\"{}\"", escape(lang))
                        },
                        row + 1
                    );
                }
                None => body.push_str("<div class=\"page blank\"></div>"),
            }
        }
    }
    body.push_str("</div>");
}

/// Each diagnostic as the terminal shows it: where, what, and the line of
/// the file it points at with a caret under the place.
fn problems(body: &mut String, snapshot: &Snapshot, diagnostics: &[&Diagnostic]) {
    let world = &snapshot.project.world;
    for d in diagnostics {
        let _ = write!(body, "<div class=\"diagnostic {}\">", d.severity);
        let place = match (d.file(), d.line_col(world)) {
            (Some(f), Some((l, c))) => format!("{}:{l}:{c}", f.display()),
            (Some(f), None) => f.display().to_string(),
            (None, _) => String::new(),
        };
        if !place.is_empty() {
            let _ = write!(
                body,
                "<p class=\"where\"><code>{}</code></p>",
                escape(&place)
            );
        }
        let _ = write!(
            body,
            "<p class=\"message\"><b>{}[{}]</b>: {}</p>",
            d.severity,
            d.code,
            escape(&d.message)
        );
        if let (Some(file), Some(span)) = (d.file(), d.span()) {
            excerpt(body, world, file, span, None);
        }
        for label in &d.secondary {
            if let Some(span) = &label.span {
                excerpt(body, world, &label.file, span.clone(), Some(&label.message));
            } else {
                let _ = write!(
                    body,
                    "<p class=\"see\">see <code>{}</code>{}</p>",
                    escape(&label.file.display().to_string()),
                    if label.message.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", escape(&label.message))
                    }
                );
            }
        }
        for note in &d.notes {
            let _ = write!(body, "<p class=\"note\">= {}</p>", escape(note));
        }
        body.push_str("</div>");
    }
}

/// The source line holding `span`, numbered, with carets under the span
/// (to the line's end where it runs on). A further place (`label`) says
/// which file it is in and what it has to do with the problem.
fn excerpt(
    body: &mut String,
    world: &dyn Sources,
    file: &Path,
    span: std::ops::Range<usize>,
    label: Option<&str>,
) {
    let Some(source) = world.source(file) else {
        return;
    };
    let (line, column) = line_col(&source, span.start);
    let Some(text) = source.lines().nth(line - 1) else {
        return;
    };
    let text = text.trim_end_matches('\r');
    let (_, end_column) = line_col(&source, span.end);
    let (end_line, _) = line_col(&source, span.end);
    let width = if end_line == line && end_column > column {
        end_column - column
    } else if end_line > line {
        (text.chars().count() + 1).saturating_sub(column).max(1)
    } else {
        1
    };
    let gutter = line.to_string();
    let caret = format!(
        "{}{}",
        "^".repeat(width),
        label.map(|l| format!(" {l}")).unwrap_or_default()
    );
    let place = match label {
        Some(_) => format!(
            "<span class=\"file\">{}:{line}:{column}</span>\n",
            escape(&file.display().to_string())
        ),
        None => String::new(),
    };
    let _ = write!(
        body,
        "<pre class=\"source\">{place}{gutter} | {}\n{} | {}<span class=\"caret\">{}</span></pre>",
        escape(text),
        " ".repeat(gutter.len()),
        " ".repeat(column - 1),
        escape(&caret)
    );
}

fn number(note: &NoteState) -> String {
    match (&note.note, &note.entry) {
        (Some(n), _) => n.number.to_string(),
        (None, Some(e)) => e.number.to_string(),
        (None, None) => note.stem.clone(),
    }
}

fn date(note: &NoteState) -> String {
    match (&note.entry, &note.note) {
        (Some(e), _) => e.date.to_string(),
        (None, Some(n)) => n.issued.to_string(),
        (None, None) => String::new(),
    }
}

fn subject(note: &NoteState) -> String {
    note.entry
        .as_ref()
        .map(|e| e.subject.clone())
        .unwrap_or_default()
}

/// The build state in words, and a class for its colour.
fn state(note: &NoteState) -> (String, &'static str) {
    match &note.status {
        Some(Status::Built(_)) => ("built".into(), "ok"),
        Some(Status::Unchanged(_)) => ("up to date".into(), "ok"),
        Some(Status::Failed { reason, .. }) => (format!("failed: {reason}"), "failed"),
        Some(Status::Withdrawn { .. }) => ("withdrawn".into(), "withdrawn"),
        Some(Status::WriteFailed(e)) => (format!("not written: {e}"), "failed"),
        None => ("not built".into(), "failed"),
    }
}

fn pdf_link(note: &NoteState) -> String {
    match note.pdf() {
        Some(_) => format!(
            "<a href=\"{}\" download>PDF</a>",
            escape(&url(&Route::Pdf(note.stem.clone())))
        ),
        None => String::new(),
    }
}

/// A whole HTML document around `body`, with the style sheet, the faces
/// the previews are set in, and the script that keeps it live.
fn document(title: &str, generation: u64, body: &str) -> String {
    let mut faces = String::new();
    for style in FontStyle::ALL {
        let _ = write!(
            faces,
            "@font-face{{font-family:\"{}\";src:url(\"{}\")}}\
             text.{}{{font-family:\"{0}\",serif}}",
            preview::family(style),
            url(&Route::Font(style)),
            preview::class(style),
        );
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{faces}{STYLE}</style></head>\
         <body data-generation=\"{generation}\"><p id=\"live\" class=\"live\">connecting…</p>\
         <main id=\"main\" data-generation=\"{generation}\">{body}</main>\
         <script>{SCRIPT}</script></body></html>",
        escape(title)
    )
}

const STYLE: &str = "\
body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#e9e9ec;color:#222}\
main{padding:12px 20px 40px}\
a{color:#0b57d0}\
.live{position:fixed;top:6px;right:12px;margin:0;font-size:12px;color:#666}\
.live.on{color:#137333}\
table.notes{border-collapse:collapse;background:#fff;width:100%}\
table.notes th,table.notes td{border-bottom:1px solid #ddd;padding:6px 10px;text-align:left;vertical-align:top}\
tr.failed .state{color:#b3261e}tr.ok .state{color:#137333}tr.withdrawn .state{color:#666}\
header.note h1{margin:4px 0}header.note p{margin:2px 0}\
.download{font-weight:bold}\
.versions{display:grid;grid-template-columns:repeat(var(--columns),minmax(0,1fr));gap:14px;margin-top:12px}\
h2.lang{margin:0;font-size:14px;text-align:center;letter-spacing:.1em;color:#555}\
figure.page{margin:0}\
figure.page svg{display:block;width:100%;height:auto;box-shadow:0 1px 4px rgba(0,0,0,.3)}\
figure.page text{white-space:pre;font-kerning:none;font-variant-ligatures:none}\
figcaption{text-align:center;font-size:12px;color:#777}\
.problems{background:#fff;padding:8px 16px;border-left:4px solid #b3261e}\
details.problems{border-left-color:#e37400;margin-top:16px}\
.diagnostic{margin:10px 0}.diagnostic p{margin:2px 0}\
.diagnostic.error b{color:#b3261e}.diagnostic.warning b{color:#e37400}\
pre.source{background:#f6f6f6;padding:6px 10px;overflow-x:auto}\
.caret{color:#b3261e;font-weight:bold}.file{color:#555}\
ul.short li.error{color:#b3261e}";

/// Listens for new builds on the server's WebSocket and swaps in the
/// page anew, keeping the scroll position. Each (re)connection is greeted
/// with the latest generation, which catches up with a build made while
/// the page was not listening.
const SCRIPT: &str = r#"(() => {
  const live = document.getElementById("live");
  let shown = document.body.dataset.generation;
  let latest = shown;
  let busy = false;
  async function refresh() {
    if (latest === shown || busy) return;
    busy = true;
    try {
      const response = await fetch(location.pathname, { cache: "no-store" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const main = page.getElementById("main");
      if (main) {
        document.getElementById("main").replaceWith(main);
        document.title = page.title;
        shown = main.dataset.generation;
        document.body.dataset.generation = shown;
      }
    } catch (e) {
      setTimeout(refresh, 500);
    } finally {
      busy = false;
    }
    refresh();
  }
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/events");
    socket.onopen = () => { live.textContent = "live"; live.className = "live on"; };
    socket.onmessage = (event) => { latest = event.data; refresh(); };
    socket.onclose = () => {
      live.textContent = "reconnecting…";
      live.className = "live";
      setTimeout(connect, 500);
    };
  }
  connect();
})();"#;
