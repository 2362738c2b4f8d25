//! Just enough HTTP/1.1 for a preview on this machine: a thread per
//! connection, one request on each (every answer says `Connection:
//! close`), and a WebSocket handed over as the bare stream.
//!
//! This replaced tiny_http, whose pool of connection threads could queue a
//! new connection for a thread that was by then taken by another, while
//! the browser's idle keep-alive connections held the rest: the page never
//! loaded (headless Chromium, about one load in five on a busy machine).
//! A connection that is closed after its answer holds no thread idle.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How long a client may take to send its request, and a write to it may
/// block (a WebSocket's too, so that one stalled page cannot hold up the
/// others' updates).
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How long a closing connection waits for the client to close its side.
const LINGER: Duration = Duration::from_secs(1);

/// The most a request's line and headers may take together.
const HEAD_LIMIT: u64 = 16 * 1024;

/// The most a closing connection reads and drops of what the client still
/// sends (a request's body, say) before it is closed.
const BODY_LIMIT: u64 = 64 * 1024;

/// A request, read up to the end of its headers.
#[derive(Debug)]
pub struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    stream: TcpStream,
}

/// An answer: status, headers, and the whole body.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Why no request was read.
#[derive(Debug)]
pub enum Unread {
    /// The client closed the connection or went silent: nobody to answer.
    Gone,
    /// Not a request: answered with this status (400, 431, 505).
    Malformed(u16, TcpStream),
}

impl Request {
    /// Reads one request's line and headers from `stream`, waiting at
    /// most [`TIMEOUT`] for them.
    pub fn read(stream: TcpStream) -> Result<Request, Unread> {
        let timeouts = stream
            .set_read_timeout(Some(TIMEOUT))
            .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)));
        if timeouts.is_err() {
            return Err(Unread::Gone);
        }
        let head = match read_head(&stream) {
            Ok(Some(read)) => read,
            Ok(None) => return Err(Unread::Malformed(431, stream)),
            Err(_) => return Err(Unread::Gone),
        };
        match parse_head(&head) {
            Ok((method, target, headers)) => Ok(Request {
                method,
                target,
                headers,
                stream,
            }),
            Err(status) => Err(Unread::Malformed(status, stream)),
        }
    }

    /// The method, as sent (`GET`, `HEAD`, …).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target, as sent: not decoded.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The value of the first header named `name` (in any case), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Writes `response` (without its body to a `HEAD`) and closes the
    /// connection. A client that went away needs no answer.
    pub fn respond(mut self, response: Response) {
        let head_only = self.method == "HEAD";
        let _ = response
            .write(&mut self.stream, head_only, None)
            .and_then(|()| self.stream.flush());
        close(self.stream);
    }

    /// Answers with `response` (101) as a switch to `protocol`, and hands
    /// over the connection; `None` if the client went away.
    pub fn upgrade(mut self, protocol: &str, response: Response) -> Option<TcpStream> {
        response
            .write(&mut self.stream, false, Some(protocol))
            .and_then(|()| self.stream.flush())
            .ok()?;
        Some(self.stream)
    }
}

impl Response {
    /// An answer with `status` and `body`.
    pub fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// The same, with a header added. The names and values given are
    /// ASCII without line breaks; one that is not is left out rather than
    /// let split the head.
    pub fn with(mut self, name: &str, value: &str) -> Response {
        let clean = |s: &str| s.bytes().all(|b| b.is_ascii() && !b.is_ascii_control());
        if clean(name) && clean(value) && !name.is_empty() {
            self.headers.push((name.to_string(), value.to_string()));
        }
        self
    }

    /// The status line, the headers, the framing headers, then (unless
    /// `head_only`) the body. `upgrade` names the protocol of a 101.
    fn write(&self, to: &mut impl Write, head_only: bool, upgrade: Option<&str>) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        match upgrade {
            Some(protocol) => {
                head.push_str(&format!("Upgrade: {protocol}\r\nConnection: Upgrade\r\n"))
            }
            None => head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n",
                self.body.len()
            )),
        }
        head.push_str("\r\n");
        to.write_all(head.as_bytes())?;
        if !head_only && upgrade.is_none() {
            to.write_all(&self.body)?;
        }
        Ok(())
    }
}

/// The answer to a connection that is not read at all (too many at once):
/// written and closed at once, without waiting on the client.
pub fn turn_away(mut stream: TcpStream) {
    let response = Response::new(503, b"too many requests at once; try again\n".to_vec())
        .with("Content-Type", "text/plain; charset=utf-8");
    if stream.set_write_timeout(Some(LINGER)).is_ok() {
        let _ = response.write(&mut stream, false, None);
    }
    let _ = stream.shutdown(Shutdown::Both);
}

/// The answer to a request that could not be read.
pub fn refuse(status: u16, mut stream: TcpStream) {
    let message = match status {
        431 => "the request's headers are too large",
        505 => "only HTTP/1 is spoken here",
        _ => "this is not an HTTP request",
    };
    let response = Response::new(status, format!("{message}\n").into_bytes())
        .with("Content-Type", "text/plain; charset=utf-8");
    let _ = response.write(&mut stream, false, None);
    close(stream);
}

/// Ends the answer, then waits briefly for the client to close its side,
/// reading what it still sends: a connection closed with unread input is
/// reset, and a reset can reach the client before it has read the answer.
fn close(stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() || stream.set_read_timeout(Some(LINGER)).is_err() {
        return;
    }
    let _ = io::copy(&mut (&stream).take(BODY_LIMIT), &mut io::sink());
}

/// The request line and headers up to the blank line that ends them;
/// `None` when they run past [`HEAD_LIMIT`].
fn read_head(stream: &TcpStream) -> io::Result<Option<Vec<u8>>> {
    let within = Deadline {
        stream,
        until: Instant::now() + TIMEOUT,
    };
    let mut reader = BufReader::new(within.take(HEAD_LIMIT));
    let mut head = Vec::new();
    loop {
        let start = head.len();
        if reader.read_until(b'\n', &mut head)? == 0 {
            return match head.len() as u64 >= HEAD_LIMIT {
                true => Ok(None),
                false => Err(io::ErrorKind::UnexpectedEof.into()),
            };
        }
        let line = &head[start..];
        if !line.ends_with(b"\n") {
            // Cut off by the limit, or by the client.
            return match head.len() as u64 >= HEAD_LIMIT {
                true => Ok(None),
                false => Err(io::ErrorKind::UnexpectedEof.into()),
            };
        }
        // Blank lines before the request line are allowed (RFC 9112, 2.2).
        if line == b"\r\n" || line == b"\n" {
            if start == 0 {
                head.clear();
                continue;
            }
            return Ok(Some(head));
        }
    }
}

/// The stream, read until a moment: [`TIMEOUT`] is for the whole head, not
/// for each read, so a client that trickles a byte at a time is let go too.
struct Deadline<'s> {
    stream: &'s TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self
            .until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(io::ErrorKind::TimedOut)?;
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

type Head = (String, String, Vec<(String, String)>);

/// Method, target and headers, or the status that refuses them.
fn parse_head(head: &[u8]) -> Result<Head, u16> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines();
    let line = lines.next().ok_or(400u16)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) || target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(400);
    }
    match version {
        "HTTP/1.1" | "HTTP/1.0" => {}
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        // A line folded onto the one before is obsolete and refused
        // (RFC 9112, 5.2), as is a name with space before its colon.
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        if !token(name) {
            return Err(400);
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok((method.to_string(), target.to_string(), headers))
}

/// The reason phrase of each status this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::fuzz::config())]

        #[test]
        fn any_bytes_are_a_request_or_a_refusal(head in proptest::collection::vec(any::<u8>(), 0..200)) {
            match parse_head(&head) {
                Ok((method, target, _)) => prop_assert!(!method.is_empty() && !target.is_empty()),
                Err(status) => prop_assert!([400, 505].contains(&status)),
            }
        }

        #[test]
        fn a_request_reads_back_as_sent(
            target in "/[a-zA-Z0-9%./?=&_а-яәіңғүұқөһ-]{0,40}",
            value in "[ -~]{0,40}",
        ) {
            let head = format!("HEAD {target} HTTP/1.1\r\nOrigin: {value}\r\n\r\n");
            let (method, read, headers) = parse_head(head.as_bytes()).unwrap();
            prop_assert_eq!(method, "HEAD");
            prop_assert_eq!(read, target);
            prop_assert_eq!(headers, vec![("Origin".to_string(), value.trim().to_string())]);
        }
    }

    #[test]
    fn a_request_head_gives_its_method_target_and_headers() {
        let (method, target, headers) = parse_head(
            b"GET /notes/NCT-ICT-1013 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nX-A:  b \r\n\r\n",
        )
        .unwrap();
        assert_eq!(
            (method.as_str(), target.as_str()),
            ("GET", "/notes/NCT-ICT-1013")
        );
        assert_eq!(
            headers,
            [
                ("Host".to_string(), "127.0.0.1:3000".to_string()),
                ("X-A".to_string(), "b".to_string())
            ]
        );
    }

    #[test]
    fn what_is_not_a_request_is_refused_with_its_status() {
        for (head, status) in [
            (&b"GET /\r\n\r\n"[..], 400),
            (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
            (b"G(T / HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\n\r\n", 505),
            (b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400),
        ] {
            assert_eq!(
                parse_head(head).err(),
                Some(status),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn an_answer_is_framed_by_its_length_and_closes_the_connection() {
        let mut out = Vec::new();
        let response = Response::new(200, b"hello".to_vec())
            .with("Content-Type", "text/plain")
            .with("X-Bad", "a\r\nSet-Cookie: x");
        response.write(&mut out, false, None).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\
             Connection: close\r\n\r\nhello"
        );
        let mut out = Vec::new();
        response.write(&mut out, true, None).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("Content-Length: 5\r\nConnection: close\r\n\r\n")
        );
    }
}
