//! Live updates: every open page keeps a WebSocket to `/events` and is
//! sent the generation of each new build as a text message.
//!
//! A WebSocket rather than server-sent events: headless Chromium's
//! `--virtual-time-budget`, with which CI reads the page, counts an open
//! event stream as a fetch still loading and never finishes the page,
//! while an open WebSocket is not a fetch. Only what the server needs of
//! RFC 6455 is here: the handshake, and unmasked frames from the server
//! (text and ping). What a page sends back (pongs, its close) is not
//! read; a page that has gone is noticed when a write to it fails.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;

use super::http::{Request, Response};
use base64::Engine as _;
use sha1::{Digest, Sha1};

type Stream = TcpStream;

/// The open WebSockets.
#[derive(Default)]
pub struct Events {
    streams: Mutex<Vec<Stream>>,
}

/// Why a request to `/events` is not taken as a WebSocket.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It is not a WebSocket handshake (426 Upgrade Required).
    NotAWebSocket,
    /// A page of another site opened it (403).
    ForeignOrigin,
}

/// What RFC 6455 appends to the client's key before hashing it.
const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The key of a WebSocket handshake from one of the `origins` (any, when
/// `None`), or why `request` is not taken as one.
pub fn handshake(request: &Request, origins: Option<&[String]>) -> Result<String, Refusal> {
    let header = |name: &'static str| request.header(name).map(str::to_string);
    let upgrade = header("Upgrade").is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    let key = header("Sec-WebSocket-Key").filter(|k| !k.is_empty());
    let (true, Some(key)) = (upgrade, key) else {
        return Err(Refusal::NotAWebSocket);
    };
    // Browsers send the page's origin with every WebSocket; a page of
    // another site may open one to the loopback too.
    if let (Some(origins), Some(origin)) = (origins, header("Origin"))
        && !origins.contains(&origin.to_ascii_lowercase())
    {
        return Err(Refusal::ForeignOrigin);
    }
    Ok(key)
}

impl Events {
    /// Answers the handshake of `request`, whose `key` [`handshake`]
    /// found, and greets the page with the current generation, so that a
    /// page loaded before a build it did not hear of catches up. The
    /// generation is read while no message can be sent: a build is
    /// either in the greeting or sent after it, never missed.
    pub fn subscribe(&self, request: Request, key: &str, generation: impl FnOnce() -> u64) {
        let accept = base64::engine::general_purpose::STANDARD
            .encode(Sha1::digest(format!("{key}{GUID}").as_bytes()));
        let response = Response::new(101, Vec::new()).with("Sec-WebSocket-Accept", &accept);
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let Some(mut stream) = request.upgrade("websocket", response) else {
            return;
        };
        if send(&mut stream, TEXT, generation().to_string().as_bytes()) {
            streams.push(stream);
        }
    }

    /// Sends every page the generation of a new build.
    pub fn changed(&self, generation: u64) {
        self.broadcast(TEXT, generation.to_string().as_bytes());
    }

    /// Pings every page, so that those that have gone are dropped.
    pub fn ping(&self) {
        self.broadcast(PING, b"");
    }

    fn broadcast(&self, opcode: u8, payload: &[u8]) {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain_mut(|s| send(s, opcode, payload));
    }

    /// Closes every WebSocket.
    pub fn close(&self) {
        self.broadcast(CLOSE, b"");
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

const TEXT: u8 = 0x1;
const CLOSE: u8 = 0x8;
const PING: u8 = 0x9;

/// Writes one final, unmasked frame; whether the page is still there.
fn send(stream: &mut Stream, opcode: u8, payload: &[u8]) -> bool {
    let frame = frame(opcode, payload);
    stream.write_all(&frame).is_ok() && stream.flush().is_ok()
}

fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![0x80 | opcode];
    match payload.len() {
        n @ 0..=125 => frame.push(n as u8),
        n @ 126..=0xFFFF => {
            frame.push(126);
            frame.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            frame.push(127);
            frame.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(payload);
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_key_is_the_one_rfc_6455_gives() {
        // The example handshake of RFC 6455, section 1.3.
        let accept = base64::engine::general_purpose::STANDARD.encode(Sha1::digest(
            format!("dGhlIHNhbXBsZSBub25jZQ=={GUID}").as_bytes(),
        ));
        assert_eq!(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    #[test]
    fn frames_carry_their_length() {
        assert_eq!(frame(TEXT, b"7"), vec![0x81, 1, b'7']);
        let long = frame(TEXT, &[b'x'; 300]);
        assert_eq!(&long[..4], &[0x81, 126, 1, 44]);
        assert_eq!(long.len(), 304);
    }
}
