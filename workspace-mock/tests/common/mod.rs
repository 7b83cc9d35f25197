//! The mock over real HTTP on an ephemeral port, for the test files.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use workspace_mock::{Config, Mock};

/// A fresh folder for a test's state file (`name` keeps tests apart), the
/// file's path, and the default config keeping its state there.
pub fn with_state_file(name: &str) -> (std::path::PathBuf, std::path::PathBuf, Config) {
    let dir = std::env::temp_dir().join(format!("workspace-mock-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let config = Config {
        state_file: Some(file.clone()),
        ..Config::default()
    };
    (dir, file, config)
}

pub struct Server {
    pub addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(config: Config) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mock = Arc::new(Mock::new(config).unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(workspace_mock::run(listener, mock, async {
            let _ = stopped.await;
        }));
        Server {
            addr,
            stop: Some(stop),
            done,
        }
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.done).await;
    }

    pub async fn get(&self, target: &str) -> Answer {
        self.send("GET", target, &[], b"").await
    }

    pub async fn post_json(&self, target: &str, body: &str) -> Answer {
        self.send(
            "POST",
            target,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .await
    }

    pub async fn send(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut head = format!("{method} {target} HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut raw = head.into_bytes();
        raw.extend_from_slice(body);
        self.raw(&raw).await
    }

    /// Sends bytes as they are; reads the answer until the server closes.
    pub async fn raw(&self, bytes: &[u8]) -> Answer {
        self.raw_then(bytes, false).await
    }

    /// Like `raw`, and `close_write` says "no more bytes" after them, as a
    /// client that sent a truncated request and gave up.
    pub async fn raw_then(&self, bytes: &[u8], close_write: bool) -> Answer {
        let exchange = async {
            let mut stream = TcpStream::connect(self.addr).await.unwrap();
            let _ = stream.write_all(bytes).await;
            if close_write {
                let _ = stream.shutdown().await;
            }
            let mut out = Vec::new();
            let _ = stream.read_to_end(&mut out).await;
            out
        };
        let out = tokio::time::timeout(Duration::from_secs(10), exchange)
            .await
            .expect("the mock answered (or closed) within 10 s");
        Answer::parse(&out)
    }
}

#[derive(Debug)]
pub struct Answer {
    /// 0 when the connection closed without an answer.
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn parse(raw: &[u8]) -> Answer {
        let text = String::from_utf8_lossy(raw);
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return Answer {
                status: 0,
                headers: vec![],
                body: String::new(),
            };
        };
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {:?}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn code(&self) -> String {
        self.json()["error_code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}
