//! Upload fixtures: files with the right magic bytes, chunked uploads and
//! merges, raw HTTP requests (paths a URL library would normalise), and
//! listings of the server's files.

use super::{params, Client, Envelope, Principal};
use base64::Engine;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The upload endpoint.
pub const IMG_UPLOAD: &str = "/zhugeleida/public/img_upload";
/// The merge endpoint.
pub const IMG_MERGE: &str = "/zhugeleida/public/img_merge";

/// `len` bytes starting with the JPEG magic, the rest pseudo-random.
pub fn jpeg_bytes(len: usize) -> Vec<u8> {
    with_magic(&[0xFF, 0xD8, 0xFF, 0xE0], len)
}

/// `len` bytes starting with the PNG magic.
pub fn png_bytes(len: usize) -> Vec<u8> {
    with_magic(b"\x89PNG\r\n\x1a\n", len)
}

fn with_magic(magic: &[u8], len: usize) -> Vec<u8> {
    let mut bytes = magic.to_vec();
    let mut x: u32 = 0x9E37_79B9 ^ len as u32;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes.truncate(len);
    bytes
}

/// `bytes` as base64 text cut into `n` chunks of (nearly) equal length.
pub fn base64_chunks(bytes: &[u8], n: usize) -> Vec<String> {
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    let size = text.len().div_ceil(n).max(1);
    text.as_bytes()
        .chunks(size)
        .map(|c| String::from_utf8(c.to_vec()).expect("base64 is ASCII"))
        .collect()
}

/// One upload's form fields.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The upload id (form `timestamp`).
    pub id: String,
    /// `img_name`.
    pub name: String,
    /// `img_source`.
    pub source: String,
}

impl Upload {
    /// An upload with a fresh id.
    pub fn new(name: &str, source: &str) -> Upload {
        Upload {
            id: super::unique("up"),
            name: name.into(),
            source: source.into(),
        }
    }

    /// `POST img_upload` of chunk `chunk` with `text`, signed by `who`.
    pub async fn send(
        &self,
        client: &Client,
        who: &Principal,
        chunk: &str,
        text: &str,
    ) -> Envelope {
        client
            .post(
                IMG_UPLOAD,
                who,
                params![
                    "img_name" => self.name,
                    "img_data" => text,
                    "chunk" => chunk,
                    "timestamp" => self.id,
                    "img_source" => self.source,
                ],
            )
            .await
    }

    /// Sends the chunks with the indexes in `order`, asserting each is accepted.
    pub async fn send_all(
        &self,
        client: &Client,
        who: &Principal,
        chunks: &[String],
        order: &[usize],
    ) {
        for &i in order {
            self.send(client, who, &i.to_string(), &chunks[i])
                .await
                .ok();
        }
    }

    /// `POST img_merge` of `chunk_num` chunks, signed by `who`.
    pub async fn merge(&self, client: &Client, who: &Principal, chunk_num: &str) -> Envelope {
        client
            .post(
                IMG_MERGE,
                who,
                params![
                    "img_name" => self.name,
                    "timestamp" => self.id,
                    "chunk_num" => chunk_num,
                    "img_source" => self.source,
                ],
            )
            .await
    }
}

/// The chunk directory of upload `id` by `who` of kind `kind` (`radar_user`,
/// `customer`, `admin`).
pub fn chunk_dir(data_dir: &Path, kind: &str, who: &Principal, id: &str) -> PathBuf {
    data_dir
        .join("uploads")
        .join(format!("{kind}-{}", who.id))
        .join(id)
}

/// Every file (and symlink) under `dirs`, recursively.
pub fn files_under(dirs: &[&Path]) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => todo.push(path),
                _ => {
                    found.insert(path);
                }
            }
        }
    }
    found
}

/// A raw HTTP/1.1 GET of `target` exactly as written (no normalisation):
/// the status and the headers in lower case.
pub async fn raw_get(base_url: &str, target: &str) -> (u16, String) {
    let addr = base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connecting to the server");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("sending the request");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .expect("reading the answer");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, text)
}
