//! `verbale serve`, over HTTP as a browser talks to it: the index, a
//! note's three versions side by side as the PDF sets them, the PDF and
//! fonts, the live update after a save (a WebSocket message, then the new
//! words in the page), a broken note's diagnostics and its recovery, and
//! every attempt to reach a file outside the routes refused.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use verbale::layout::Page;
use verbale::serve::{Options, Server};

use crate::common;

/// A reply as the client received it.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn start(dir: &Path) -> Server {
    Server::bind(dir, "127.0.0.1:0", Options::default()).expect("the server starts")
}

/// Sends `request` as it is and reads the whole reply.
fn exchange(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("reads the reply");
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    let body = bytes[split + 4..].to_vec();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Reply {
        status,
        body: if chunked { dechunked(&body) } else { body },
        head,
    }
}

fn dechunked(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size");
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16)
            .expect("a hexadecimal chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    );
    exchange(addr, request.as_bytes())
}

/// A page's WebSocket to `/events`, as the page's script opens it.
struct Live {
    stream: TcpStream,
}

impl Live {
    fn open(addr: SocketAddr) -> Live {
        let mut stream = TcpStream::connect(addr).unwrap();
        let request = format!(
            "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            port = addr.port()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            stream
                .read_exact(&mut byte)
                .expect("the handshake is answered");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).into_owned();
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        assert!(
            head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
            "{head}"
        );
        Live { stream }
    }

    /// The next text message, skipping pings; `None` after `limit`.
    fn next(&mut self, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut head = [0u8; 2];
            self.stream.read_exact(&mut head).ok()?;
            let len = match head[1] & 0x7f {
                126 => {
                    let mut n = [0u8; 2];
                    self.stream.read_exact(&mut n).ok()?;
                    usize::from(u16::from_be_bytes(n))
                }
                127 => panic!("a message far too long"),
                n => usize::from(n),
            };
            let mut payload = vec![0u8; len];
            self.stream.read_exact(&mut payload).ok()?;
            if head[0] == 0x81 {
                return Some(String::from_utf8(payload).unwrap());
            }
        }
    }

    /// Waits for a generation later than `than`.
    fn newer(&mut self, than: u64) -> Option<(u64, Duration)> {
        let start = Instant::now();
        while let Some(m) = self.next(Duration::from_secs(10).saturating_sub(start.elapsed())) {
            let generation: u64 = m.parse().expect("a generation");
            if generation > than {
                return Some((generation, start.elapsed()));
            }
        }
        None
    }
}

fn edit(path: &Path, find: &str, replace: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(find).count(),
        1,
        "{find} in {}",
        path.display()
    );
    fs::write(path, text.replacen(find, replace, 1)).unwrap();
}

/// What a segment shows: a hyphen added at a line break is a soft hyphen
/// in the PDF's text, drawn as a hyphen.
fn shown(text: &str) -> String {
    text.replace("-\u{ad}", "-").replace('\u{ad}', "-")
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The pages of each version of a note, as the library sets them for
/// its PDF.
fn pages(dir: &Path, note: &str) -> Vec<(String, Vec<Page>)> {
    let project = common::load(dir);
    let note = common::note(&project, note);
    let rendered = verbale::render::render(&project, &note).expect("the note renders");
    rendered
        .versions
        .into_iter()
        .map(|v| (v.lang, v.pages))
        .collect()
}

#[test]
fn the_index_lists_every_note_with_its_number_date_subject_and_build_state() {
    let dir = common::fixture("none");
    let server = start(dir.path());
    let index = get(server.addr(), "/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let html = index.text();
    let rows: Vec<&str> = html.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 2, "{html}");
    let row_1013 = rows.iter().find(|r| r.contains("NCT/ICT/1013")).unwrap();
    for cell in [
        "<a href=\"/notes/NCT-ICT-1013\">NCT/ICT/1013</a>",
        "2022-08-12",
        // The subject, from register.tsv.
        "Draft CICA Leaders&#39; Statement on Cooperation in the Field of Security",
        ">built<",
        "href=\"/pdf/NCT-ICT-1013.pdf\"",
    ] {
        assert!(row_1013.contains(cell), "{cell} not in {row_1013}");
    }
    let row_688 = rows.iter().find(|r| r.contains("NCT/ICT/688")).unwrap();
    assert!(row_688.contains("2022-05-26"), "{row_688}");
    assert!(row_688.contains("Draft Concept Paper"), "{row_688}");
    // Served again, the notes are up to date.
    drop(server);
    let server = start(dir.path());
    let html = get(server.addr(), "/").text();
    assert_eq!(html.matches(">up to date<").count(), 2, "{html}");
}

#[test]
fn a_note_page_shows_the_three_versions_side_by_side_line_for_line_as_the_pdf() {
    let dir = common::fixture("none");
    let server = start(dir.path());
    let reply = get(server.addr(), "/notes/NCT-ICT-1013");
    assert_eq!(reply.status, 200);
    let html = reply.text();
    let versions = pages(dir.path(), "notes/NCT-ICT-1013.toml");
    assert_eq!(
        versions.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
        ["en", "ru", "kk"]
    );
    // One column per language, in the note's order.
    let heading = |lang: &str| {
        html.find(&format!("<h2 class=\"lang\" lang=\"{lang}\">"))
            .unwrap()
    };
    assert!(heading("en") < heading("ru") && heading("ru") < heading("kk"));
    for (lang, pages) in &versions {
        assert_eq!(
            html.matches(&format!("<figure class=\"page\" lang=\"{lang}\">"))
                .count(),
            pages.len(),
            "{lang}: a figure per page"
        );
        // Every segment of every line, as set for the PDF, is one text
        // element: the same words on the same lines.
        let (mut segments, mut placed_checked) = (0, 0);
        for line in pages.iter().flat_map(|p| &p.lines) {
            for segment in &line.segments {
                segments += 1;
                let text = escaped(&shown(&segment.text()));
                assert!(
                    html.contains(&format!(">{text}</text>")),
                    "{lang}: the line `{text}` is not in the page"
                );
                // Each character at its glyph's pen position, where the
                // PDF draws it (to a hundredth of a point), whatever the
                // browser's own measure: justified spaces and letter
                // spacing included.
                if segment.glyphs.iter().all(|g| g.text.chars().count() == 1) {
                    let mut pen = segment.x;
                    let mut xs = Vec::new();
                    for g in &segment.glyphs {
                        xs.push(format!("{}", (pen * 100.0).round() / 100.0));
                        pen += g.advance * segment.size / 1000.0;
                    }
                    let placed = format!("x=\"{}\">{text}</text>", xs.join(" "));
                    assert!(
                        html.contains(&placed),
                        "{lang}: `{text}` is not placed as in the PDF"
                    );
                    placed_checked += 1;
                }
            }
        }
        assert!(
            placed_checked * 10 > segments * 9,
            "{lang}: positions checked in only {placed_checked} of {segments} segments"
        );
    }
    // Words of each language, as a reader searches for them.
    for words in [
        "presents its compliments to the CICA Member States",
        "свидетельствует свое уважение государствам-членам СВМДА",
        "Азия Кеңесінің мүше мемлекеттеріне",
    ] {
        assert!(html.contains(words), "{words} not in the page");
    }
    // The enclosure, typeset from Markdown, follows.
    assert!(html.contains("<h2>Enclosure</h2>"));
    assert!(html.contains("href=\"/pdf/NCT-ICT-1013.pdf\" download>Download PDF</a>"));
}

#[test]
fn an_enclosed_pdf_is_linked_at_its_first_page_in_the_notes_pdf() {
    let dir = common::fixture("none");
    crate::enclosures::use_enclosure(dir.path(), None);
    // Each body five times over: versions of several pages each, so that
    // the enclosure's first page counts pages, not versions.
    let note = dir.path().join("notes/NCT-ICT-688.toml");
    let mut text = fs::read_to_string(&note).unwrap();
    let mut from = 0;
    while let Some(at) = text[from..].find("body = '''\n") {
        let start = from + at + "body = '''\n".len();
        let end = start + text[start..].find("'''").unwrap();
        let body = text[start..end].to_string();
        let longer = [body.trim_end(); 5].join("\n\n") + "\n";
        text.replace_range(start..end, &longer);
        from = start + longer.len() + 3;
    }
    fs::write(&note, text).unwrap();
    fs::write(
        dir.path().join("enclosures/draft.pdf"),
        crate::enclosures::enclosure_pdf(4),
    )
    .unwrap();
    let server = start(dir.path());
    let html = get(server.addr(), "/notes/NCT-ICT-688").text();
    let pdf = get(server.addr(), "/pdf/NCT-ICT-688.pdf");
    assert_eq!(pdf.status, 200);
    let pages = common::extract::pages_text(&pdf.body).unwrap();
    let first = pages
        .iter()
        .position(|p| p.contains("ENCLOSURE PAGE 1"))
        .expect("the enclosure is in the PDF")
        + 1;
    assert_eq!(pages.len(), first + 3);
    assert!(first > 5, "the three versions take {} pages", first - 1);
    // Before it, the three versions, the Kazakh one last.
    let versions = pages[..first - 1].join("\n");
    for words in ["The Secretariat", "Секретариат", "Хатшылық осы"] {
        assert!(versions.contains(words), "{words}: {versions}");
    }
    assert!(
        html.contains(&format!(
            "<h2>Enclosure</h2><p class=\"appended\">enclosures/draft.pdf (4 pages) is appended to the PDF as it is, from page {first}: \
             <a href=\"/pdf/NCT-ICT-688.pdf#page={first}\">open it there</a></p>"
        )),
        "{html}"
    );
    // A typeset text enclosure is drawn instead, and not linked.
    let html = get(server.addr(), "/notes/NCT-ICT-1013").text();
    assert!(html.contains("<h2>Enclosure</h2>"), "{html}");
    assert!(!html.contains("class=\"appended\""), "{html}");
}

#[test]
fn every_answer_closes_its_connection_so_idle_ones_hold_up_no_page() {
    let dir = common::fixture("none");
    let server = start(dir.path());
    let addr = server.addr();
    // A browser keeps its connections open after a page has loaded; a
    // server that waited on them had no thread left for the next request.
    let idle: Vec<TcpStream> = (0..16).map(|_| TcpStream::connect(addr).unwrap()).collect();
    // Asked to keep the connection alive, the server answers and closes
    // it all the same: `exchange` reads to the end.
    let kept = exchange(
        addr,
        format!(
            "GET /notes/NCT-ICT-1013 HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: keep-alive\r\n\r\n",
            addr.port()
        )
        .as_bytes(),
    );
    assert_eq!(kept.status, 200);
    assert_eq!(kept.header("Connection").as_deref(), Some("close"));
    let length: usize = kept.header("Content-Length").unwrap().parse().unwrap();
    assert_eq!(length, kept.body.len());
    for words in [
        "presents its compliments to the CICA Member States",
        "свидетельствует свое уважение государствам-членам СВМДА",
        "Азия Кеңесінің мүше мемлекеттеріне",
    ] {
        assert!(kept.text().contains(&escaped(words)), "{words}");
    }
    drop(idle);
    // What is not HTTP is refused, not waited on.
    assert_eq!(exchange(addr, b"HELLO\r\n\r\n").status, 400);
    let huge = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(20_000));
    assert_eq!(exchange(addr, huge.as_bytes()).status, 431);
}

#[test]
fn the_pdf_and_the_fonts_are_served_as_written() {
    let dir = common::fixture("none");
    let server = start(dir.path());
    let pdf = get(server.addr(), "/pdf/NCT-ICT-1013.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(
        pdf.header("Content-Type").as_deref(),
        Some("application/pdf")
    );
    assert!(
        pdf.body == fs::read(dir.path().join("out/NCT-ICT-1013.pdf")).unwrap(),
        "not the PDF the build wrote"
    );
    let font = get(server.addr(), "/fonts/bold-italic");
    assert_eq!(font.status, 200);
    assert_eq!(
        font.body,
        fs::read(
            dir.path()
                .join("assets/fonts/LiberationSerif-BoldItalic.ttf")
        )
        .unwrap()
    );
    // HEAD answers without the body.
    let head = exchange(
        server.addr(),
        format!(
            "HEAD /pdf/NCT-ICT-688.pdf HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.addr().port()
        )
        .as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn saving_the_note_or_a_locale_updates_the_open_page() {
    let dir = common::fixture("none");
    let p = dir.path();
    let server = start(p);
    let page = || get(server.addr(), "/notes/NCT-ICT-1013").text();
    assert!(!page().contains("Осы мәселе"));
    let mut live = Live::open(server.addr());
    let first: u64 = live.next(Duration::from_secs(10)).unwrap().parse().unwrap();

    // The note's Kazakh text.
    edit(
        &p.join("notes/NCT-ICT-1013.toml"),
        "\"Бұл мәселе",
        "\"Осы мәселе",
    );
    let (second, took) = live
        .newer(first)
        .expect("no message after the note was saved");
    let html = page();
    assert!(html.contains("Осы мәселе"), "the edit is not in the page");
    assert!(!html.contains("Бұл мәселе"));
    assert!(html.contains(&format!("data-generation=\"{second}\"")));
    eprintln!("the page heard of the saved note after {took:?}");

    // A Russian locale file, which every note in Russian uses.
    edit(
        &p.join("locales/ru/note.ftl"),
        "closing = Секретариат пользуется",
        "closing = Секретариат СВМДА пользуется",
    );
    let (third, took) = live
        .newer(second)
        .expect("no message after the locale was saved");
    assert!(
        page().contains("Секретариат СВМДА пользуется случаем"),
        "the locale's edit is not in the page"
    );
    eprintln!("the page heard of the saved locale after {took:?}");

    // The template's style sheet: the text moves, the words stay.
    edit(
        &p.join("templates/note-verbale.toml"),
        "[page]",
        "[page]\n# tuned",
    );
    assert!(
        live.newer(third).is_some(),
        "no message after the style sheet was saved"
    );
}

#[test]
fn a_broken_note_shows_its_diagnostics_in_the_page_and_recovers_when_fixed() {
    let dir = common::fixture("none");
    let p = dir.path();
    let server = start(p);
    let mut live = Live::open(server.addr());
    let first: u64 = live.next(Duration::from_secs(10)).unwrap().parse().unwrap();
    let file = p.join("notes/NCT-ICT-1013.toml");
    let good = fs::read_to_string(&file).unwrap();
    edit(&file, "sequence = 1013", "sequence = 10 13");
    let (second, _) = live.newer(first).expect("no message after the note broke");

    let reply = get(server.addr(), "/notes/NCT-ICT-1013");
    assert_eq!(reply.status, 200);
    let html = reply.text();
    // Where, what, and the line itself, as the terminal shows them.
    assert!(
        html.contains("<code>notes/NCT-ICT-1013.toml:3:12</code>"),
        "no file:line:column in {html}"
    );
    assert!(html.contains("note-syntax"), "{html}");
    assert!(html.contains("string values must be quoted"), "{html}");
    assert!(
        html.contains("3 | sequence = 10 13\n  |            <span class=\"caret\">^^^^^</span>"),
        "no source line in {html}"
    );
    assert!(!html.contains("<figure"), "a broken note shows no pages");
    assert!(!html.contains("Download PDF"));
    assert_eq!(get(server.addr(), "/pdf/NCT-ICT-1013.pdf").status, 404);
    let index = get(server.addr(), "/").text();
    let row = index
        .split("<tr")
        .find(|r| r.contains("/notes/NCT-ICT-1013"))
        .unwrap();
    assert!(row.contains("failed"), "{row}");
    // The other note is not to blame and still builds.
    assert!(
        get(server.addr(), "/notes/NCT-ICT-688")
            .text()
            .contains("<figure")
    );

    fs::write(&file, good).unwrap();
    live.newer(second)
        .expect("no message after the note was fixed");
    let html = get(server.addr(), "/notes/NCT-ICT-1013").text();
    assert!(
        html.contains("Азия Кеңесінің мүше мемлекеттеріне"),
        "not recovered"
    );
    assert!(!html.contains("note-syntax"));
    assert_eq!(get(server.addr(), "/pdf/NCT-ICT-1013.pdf").status, 200);
}

#[test]
fn no_url_reaches_a_file_outside_the_routes() {
    let dir = common::fixture("none");
    let server = start(dir.path());
    let addr = server.addr();
    let secrets = ["[fonts]", "root:", "%PDF", "verbale-manifest", "series ="];
    for target in [
        "/../verbale.toml",
        "/../../../../etc/passwd",
        "/notes/..%2f..%2fverbale.toml",
        "/notes/%2e%2e/%2e%2e/verbale.toml",
        "/notes/%2E%2E%2Fverbale.toml",
        "/notes/..%5c..%5cverbale.toml",
        "/notes/..\\..\\verbale.toml",
        "/notes/NCT-ICT-1013.toml",
        "/notes/NCT-ICT-1013/../../verbale.toml",
        "/notes/.verbale-manifest",
        "/pdf/..%2fverbale.toml.pdf",
        "/pdf/..%2Fout%2FNCT-ICT-1013.pdf",
        "/pdf/%2fetc%2fpasswd.pdf",
        "/fonts/..%2f..%2fverbale.toml",
        "/fonts/LiberationSerif-Regular.ttf",
        "/assets/fonts/LiberationSerif-Regular.ttf",
        "/out/NCT-ICT-1013.pdf",
        "/out/.verbale-manifest",
        "//etc/passwd",
        "/etc/passwd",
        "/verbale.toml",
        "/notes/%00",
        "/notes/%c0%ae%c0%ae",
        "http://127.0.0.1/../verbale.toml",
        "verbale.toml",
    ] {
        let reply = get(addr, target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target}: {} {}",
            reply.status,
            reply.text()
        );
        let body = reply.text();
        for secret in secrets {
            assert!(!body.contains(secret), "{target} gave away {secret}");
        }
    }
    assert_eq!(get(addr, "/notes/NCT-ICT-9999").status, 404);
    // Only GET and HEAD.
    let post = exchange(
        addr,
        format!(
            "POST /notes/NCT-ICT-1013 HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n",
            addr.port()
        )
        .as_bytes(),
    );
    assert_eq!(post.status, 405);
    // A page of another site that reached the loopback through a name of
    // its own (DNS rebinding) is refused.
    let foreign = exchange(
        addr,
        b"GET /notes/NCT-ICT-1013 HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(foreign.status, 403);
    assert!(!foreign.text().contains("CICA"));
    // The live updates are a WebSocket for the preview's own pages.
    assert_eq!(get(addr, "/events").status, 426);
    let other_site = exchange(
        addr,
        format!(
            "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://evil.example\r\n\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            addr.port()
        )
        .as_bytes(),
    );
    assert_eq!(other_site.status, 403);
}

#[test]
fn serve_prints_its_address_and_answers_there() {
    let dir = common::fixture("none");
    let mut child = Command::new(env!("CARGO_BIN_EXE_verbale"))
        .arg("-C")
        .arg(dir.path())
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let reply = get(addr, "/notes/NCT-ICT-688");
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("NCT/ICT/688"));
    // Another serve on the same port says why it cannot start.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let run = common::run(dir.path(), &["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot listen on 127.0.0.1:"),
        "{}",
        run.stderr
    );
    drop(busy);
}
