//! A running `almanac serve` for tests: real process, ephemeral port, raw HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Site, TODAY};

/// A running `almanac serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    pub out: std::path::PathBuf,
    pub log: mpsc::Receiver<String>,
    /// Lines printed before the server said where it listens.
    pub startup: Vec<String>,
}

impl Server {
    pub fn start(site: &Site, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_almanac"))
            .args(["serve", "--port", "0", "--today", TODAY, "--root"])
            .arg(site.root())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start almanac serve");
        let (tx, log) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx.send(l)))
        });
        std::thread::spawn(move || {
            BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx2.send(l)))
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut address = None;
        let mut startup = Vec::new();
        while address.is_none() && Instant::now() < deadline {
            if let Ok(line) = log.recv_timeout(Duration::from_millis(100)) {
                if let Some(rest) = line.split(" at http://").nth(1) {
                    address = Some(rest.split('/').next().unwrap().to_string());
                }
                startup.push(line);
            }
        }
        let out = std::env::temp_dir()
            .join(format!("almanac-serve-{}", child.id()))
            .join("site");
        Server {
            child,
            address: address.expect("serve printed its address"),
            out,
            log,
            startup,
        }
    }

    /// Sends a raw request line (so `..` reaches the server unnormalised) and
    /// returns (status, headers, body).
    pub fn raw(&self, method: &str, target: &str) -> (u16, String, Vec<u8>) {
        self.raw_bytes(
            format!(
                "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.address
            )
            .as_bytes(),
        )
    }

    /// Sends `request` byte for byte and returns (status, headers, body).
    pub fn raw_bytes(&self, request: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // A server may answer and close before reading everything (a 1 MB line
        // gets its 414 after 64 KB): the rest of the write then fails, and the
        // read may end in a reset after the response arrived.
        let _ = stream.write_all(request);
        let mut response = Vec::new();
        if let Err(e) = stream.read_to_end(&mut response) {
            assert!(!response.is_empty(), "no response: {e}");
        }
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a full response");
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head, response[split + 4..].to_vec())
    }

    pub fn get(&self, target: &str) -> (u16, String, String) {
        let (status, head, body) = self.raw("GET", target);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// Opens the event stream; events arrive on the returned channel. Returns once
    /// the server has subscribed the stream (it subscribes before it sends the
    /// stream's `retry:` line), so no event sent afterwards is missed.
    pub fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(stream, "GET /__almanac/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while !line.starts_with("retry:") {
            line.clear();
            let read = reader.read_line(&mut line).expect("the event stream opens");
            assert!(read > 0, "the event stream closed before it opened");
        }
        reader.get_ref().set_read_timeout(None).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(data.to_string()).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    /// Waits until the server has handled every source change made so far: it
    /// adds a static file and waits for it to be served. The watcher delivers
    /// changes in order, so every earlier change has been rebuilt by then.
    pub fn settle(&self, site: &Site) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static BARRIERS: AtomicUsize = AtomicUsize::new(0);
        let n = BARRIERS.fetch_add(1, Ordering::Relaxed);
        let name = format!("settled-{}-{n}.txt", std::process::id());
        site.write(&format!("static/{name}"), "settled\n");
        self.eventually(&format!("/{name}"), 200);
    }

    /// Polls `path` until it answers `status` (rebuilds are asynchronous).
    pub fn eventually(&self, path: &str, status: u16) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.get(path).0 == status {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{path} never answered {status}");
    }

    /// Polls `path` until its body contains `text` (20 s deadline); returns the body.
    pub fn eventually_contains(&self, path: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut body = String::new();
        while Instant::now() < deadline {
            body = self.get(path).2;
            if body.contains(text) {
                return body;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{path} never contained {text:?}; last:\n{body}");
    }

    /// Log lines up to and including the first that `stop` accepts (20 s deadline).
    pub fn log_until(&self, stop: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(100)) {
                let done = stop(&line);
                lines.push(line);
                if done {
                    return lines;
                }
            }
        }
        panic!("no such log line within 20 s; got {lines:#?}");
    }

    /// Waits for the log line that ends the next rebuild.
    pub fn wait_rebuild(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(100)) {
                if line.contains(" rendered, ")
                    || line.contains("still serving the last good build")
                {
                    return line;
                }
            }
        }
        panic!("no rebuild within 20 s");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.out);
    }
}

impl Server {
    pub fn child_alive(&self) -> bool {
        std::process::Command::new("kill")
            .args(["-0", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success())
    }
}
