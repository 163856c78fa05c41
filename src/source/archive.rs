//! Archives read in memory, never extracted: wheels, eggs and zips, tar files
//! compressed with gzip, bzip2, xz or zstd (sdists, conda's `.tar.bz2` and
//! the `.tar.zst` halves of a `.conda`, which is a zip of them), recognised
//! by their magic bytes so that pip's extension-less cache bodies are read
//! too.
//!
//! Every archive is bounded: the size of one member, the bytes of all
//! members, the number of members and the compression ratio. An archive that
//! breaks a limit or is corrupt is an error in the report; what was read
//! before that is still scanned.

use std::io::Read;

/// The limits that keep a bomb from taking the machine.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest member read (bytes, uncompressed).
    pub max_member: u64,
    /// All members of one archive together (bytes, uncompressed).
    pub max_total: u64,
    pub max_members: usize,
    /// Uncompressed / compressed size of the whole archive.
    pub max_ratio: u64,
    /// Archives inside archives.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_member: 64 << 20,
            max_total: 1 << 30,
            max_members: 100_000,
            max_ratio: 250,
            max_depth: 4,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Tar,
    TarGz,
    TarBz2,
    TarXz,
    TarZst,
}

/// The kind of archive `data` is, by its first bytes.
pub fn detect(data: &[u8]) -> Option<Kind> {
    if data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06") {
        Some(Kind::Zip)
    } else if data.starts_with(&[0x1f, 0x8b]) {
        Some(Kind::TarGz)
    } else if data.starts_with(b"BZh") {
        Some(Kind::TarBz2)
    } else if data.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Some(Kind::TarXz)
    } else if data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some(Kind::TarZst)
    } else if data.len() > 262 && &data[257..262] == b"ustar" {
        Some(Kind::Tar)
    } else {
        None
    }
}

/// One member: its normalised path inside the archive and its bytes.
pub struct Member {
    pub name: String,
    pub data: Vec<u8>,
}

/// Calls `each` for every regular member of `data`; returns the problems met
/// (a corrupt archive, a limit reached) as messages.
pub fn read(data: &[u8], kind: Kind, limits: &Limits, each: &mut dyn FnMut(Member)) -> Vec<String> {
    let mut budget = Budget {
        limits,
        compressed: data.len() as u64,
        total: 0,
        members: 0,
        problems: Vec::new(),
    };
    let result = match kind {
        Kind::Zip => read_zip(data, &mut budget, each),
        Kind::Tar => read_tar(data, &mut budget, each),
        Kind::TarGz => read_stream(flate2::read::MultiGzDecoder::new(data), &mut budget, each),
        Kind::TarBz2 => read_stream(bzip2::read::BzDecoder::new(data), &mut budget, each),
        Kind::TarZst => match ruzstd::decoding::StreamingDecoder::new(data) {
            Ok(decoder) => read_stream(decoder, &mut budget, each),
            Err(e) => Err(format!("corrupt zstd stream: {e}")),
        },
        Kind::TarXz => {
            let mut out = Vec::new();
            match lzma_rs::xz_decompress(
                &mut std::io::BufReader::new(data),
                &mut LimitedVec(&mut out, limits.max_total),
            ) {
                Ok(()) => read_tar(out.as_slice(), &mut budget, each),
                Err(e) => Err(format!("corrupt xz stream: {e}")),
            }
        }
    };
    if let Err(e) = result {
        budget.problems.push(e);
    }
    budget.problems
}

/// The prefix of the problem a damaged compressed stream gives: an error
/// whether or not what it holds is a tar.
pub const CORRUPT_STREAM: &str = "corrupt compressed stream";

/// A decompressor, remembering the first error it gave: tar reports a read
/// error as its own, and a cut gzip must not pass for "not a tar".
struct Watched<R> {
    inner: R,
    error: Option<String>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            self.error.get_or_insert_with(|| e.to_string());
        })
    }
}

fn read_stream(
    reader: impl Read,
    budget: &mut Budget<'_>,
    each: &mut dyn FnMut(Member),
) -> Result<(), String> {
    let mut watched = Watched {
        inner: reader,
        error: None,
    };
    let read = read_tar(&mut watched, budget, each);
    match watched.error {
        Some(e) => Err(format!("{CORRUPT_STREAM}: {e}")),
        None => read,
    }
}

struct Budget<'l> {
    limits: &'l Limits,
    compressed: u64,
    total: u64,
    members: usize,
    problems: Vec<String>,
}

impl Budget<'_> {
    /// Whether one more member of `size` bytes may be read.
    fn admit(&mut self, name: &str, size: u64) -> Result<bool, String> {
        self.members += 1;
        if self.members > self.limits.max_members {
            return Err(format!(
                "more than {} members; the rest is not scanned",
                self.limits.max_members
            ));
        }
        if size > self.limits.max_member {
            self.problems.push(format!(
                "member {name} is {size} bytes, over the {}-byte limit; not scanned",
                self.limits.max_member
            ));
            return Ok(false);
        }
        self.total += size;
        if self.total > self.limits.max_total {
            return Err(format!(
                "members add up to more than {} bytes (a decompression bomb?); the rest is not scanned",
                self.limits.max_total
            ));
        }
        if self.total > 1 << 20 && self.total / self.compressed.max(1) > self.limits.max_ratio {
            return Err(format!(
                "compression ratio over {}:1 (a decompression bomb?); the rest is not scanned",
                self.limits.max_ratio
            ));
        }
        Ok(true)
    }
}

fn read_zip(
    data: &[u8],
    budget: &mut Budget<'_>,
    each: &mut dyn FnMut(Member),
) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data))
        .map_err(|e| format!("corrupt zip: {e}"))?;
    for i in 0..zip.len() {
        let mut file = match zip.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                budget.problems.push(format!("member #{i}: {e}"));
                continue;
            }
        };
        if !file.is_file() {
            continue;
        }
        let name = match file.name() {
            Ok(n) => normalize(&n),
            Err(_) => normalize(&String::from_utf8_lossy(file.name_raw())),
        };
        if !budget.admit(&name, file.size())? {
            continue;
        }
        let mut bytes = Vec::with_capacity(file.size().min(budget.limits.max_member) as usize);
        match (&mut file)
            .take(budget.limits.max_member + 1)
            .read_to_end(&mut bytes)
        {
            Ok(_) if bytes.len() as u64 > budget.limits.max_member => {
                budget.problems.push(format!(
                    "member {name} is larger than its header says; not scanned"
                ));
            }
            Ok(_) => each(Member { name, data: bytes }),
            Err(e) => budget.problems.push(format!("member {name}: {e}")),
        }
    }
    Ok(())
}

fn read_tar(
    reader: impl Read,
    budget: &mut Budget<'_>,
    each: &mut dyn FnMut(Member),
) -> Result<(), String> {
    let mut archive = tar::Archive::new(reader);
    read_tar_entries(&mut archive, budget, each)?;
    // tar stops at its end-of-archive marker or at a short read; what follows
    // in the stream (a cut or corrupted gzip, its checksum) is only checked
    // when read, so read it: a damaged archive is an error, not a silent end.
    let mut rest = archive.into_inner();
    std::io::copy(
        &mut (&mut rest).take(budget.limits.max_total),
        &mut std::io::sink(),
    )
    .map_err(|e| format!("corrupt archive stream: {e}"))?;
    Ok(())
}

fn read_tar_entries<R: Read>(
    archive: &mut tar::Archive<R>,
    budget: &mut Budget<'_>,
    each: &mut dyn FnMut(Member),
) -> Result<(), String> {
    let entries = archive.entries().map_err(|e| format!("corrupt tar: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("corrupt tar: {e}"))?;
        // Links, devices and folders are not content; they are never followed.
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = match entry.path() {
            Ok(p) => normalize(&p.to_string_lossy()),
            Err(_) => normalize(&String::from_utf8_lossy(&entry.path_bytes())),
        };
        let size = entry.header().size().unwrap_or(0);
        if !budget.admit(&name, size)? {
            continue;
        }
        let mut bytes = Vec::with_capacity(size.min(budget.limits.max_member) as usize);
        match (&mut entry)
            .take(budget.limits.max_member)
            .read_to_end(&mut bytes)
        {
            Ok(_) => each(Member { name, data: bytes }),
            Err(e) => return Err(format!("corrupt tar at {name}: {e}")),
        }
    }
    Ok(())
}

/// A member path as reports show it: forward slashes, no leading `/`, no
/// `.` or `..` components (an archive cannot point outside itself).
pub fn normalize(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A `Vec` writer that stops at a limit (for xz, which has no reader API).
struct LimitedVec<'v>(&'v mut Vec<u8>, u64);

impl std::io::Write for LimitedVec<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() as u64 + buf.len() as u64 > self.1 {
            return Err(std::io::Error::other("over the archive size limit"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_paths_cannot_escape() {
        assert_eq!(normalize("../../etc/passwd"), "etc/passwd");
        assert_eq!(normalize("/abs/x.py"), "abs/x.py");
        assert_eq!(normalize("a\\b\\..\\c.py"), "a/c.py");
        assert_eq!(normalize("./pkg/./setup.py"), "pkg/setup.py");
    }

    #[test]
    fn kinds_by_magic() {
        assert_eq!(detect(b"PK\x03\x04rest"), Some(Kind::Zip));
        assert_eq!(detect(&[0x1f, 0x8b, 8, 0]), Some(Kind::TarGz));
        assert_eq!(detect(b"BZh91AY"), Some(Kind::TarBz2));
        assert_eq!(detect(&[0x28, 0xb5, 0x2f, 0xfd, 0]), Some(Kind::TarZst));
        assert_eq!(detect(b"print('hi')"), None);
    }
}
