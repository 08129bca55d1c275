//! Files that are replaced whole and atomically, for the profile's stores: a write goes to a
//! temporary file in the same directory, is flushed to disk, renamed over the old file, and the
//! directory is flushed, so a crash at any point leaves either the old file or the new one.
//!
//! The stores live in a profile directory anyone with the user's rights can put things in, so
//! reading is careful: only regular files are opened (a FIFO named like a store file would
//! block `open`, a device such as `/dev/zero` would never end), at most a bounded number of
//! bytes is read, and file names stay under `NAME_MAX` however long the key
//! ([`file_stem`] hashes long keys). Temporary files that a killed write left behind are
//! removed when a store reads its directory ([`read_all`]).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` (in `dir`) with `contents`, atomically.
pub fn write_atomically(dir: &Path, path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes `path` (in `dir`) if it exists, and flushes the directory.
pub fn remove(dir: &Path, path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => sync_dir(dir),
    }
}

/// Flushes a directory's entries (a rename or removal in it) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Whether `name` is a temporary file [`write_atomically`] left behind when it was
/// interrupted (the stores skip them).
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// The process that made the temporary file `name`, if `name` is one.
fn temporary_owner(name: &str) -> Option<u32> {
    let (_, tail) = name.rsplit_once(".tmp-")?;
    tail.split('-').next()?.parse().ok()
}

/// Reads the regular file at `path` (following symlinks), refusing anything else (FIFOs,
/// devices, directories) and anything longer than `max_bytes`.
pub fn read_bounded(path: &Path, max_bytes: u64) -> io::Result<Vec<u8>> {
    // The type is checked before opening: opening a FIFO blocks until a writer comes.
    let metadata = fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "not a regular file"));
    }
    if metadata.len() > max_bytes {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{} bytes, over the {max_bytes}-byte limit", metadata.len()),
        ));
    }
    let file = File::open(path)?;
    // The file may have grown (or been swapped) since: never read more than the limit.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("over the {max_bytes}-byte limit")));
    }
    Ok(bytes)
}

/// A file a store could not use, and why.
pub type FileProblem = (PathBuf, String);

/// Reads every `*.EXTENSION` file of `dir` with `read`: what could be read, and each other
/// file with the reason it could not. Temporary files of interrupted writes by other processes
/// (a killed run) are removed; this process's own may belong to a write in flight and are
/// only skipped. Entries that are not regular files are reported, never opened.
pub fn read_all<T>(
    dir: &Path,
    extension: &str,
    read: impl Fn(&Path) -> Result<T, String>,
) -> io::Result<(Vec<T>, Vec<FileProblem>)> {
    let mut read_files = Vec::new();
    let mut problems = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if is_temporary(name) {
            if temporary_owner(name) != Some(std::process::id()) {
                tracing::info!(path = %path.display(), "removing the temporary file of an interrupted write");
                if let Err(e) = fs::remove_file(&path) {
                    tracing::warn!(path = %path.display(), "cannot remove a stale temporary file: {e}");
                }
            }
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some(extension) {
            continue;
        }
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            problems.push((path, "not a regular file".into()));
            continue;
        }
        match read(&path) {
            Ok(value) => read_files.push(value),
            Err(message) => problems.push((path, message)),
        }
    }
    Ok((read_files, problems))
}

/// The longest stem [`file_stem`] returns: with an extension and [`write_atomically`]'s
/// temporary suffix (`.` + `.tmp-PID-COUNTER`, at most 38 bytes) a name stays under the usual
/// `NAME_MAX` of 255.
pub const MAX_STEM_LEN: usize = 200;

/// A file name for a key (an origin, a scope): letters, digits, '.' and '-' as they are, other
/// bytes as %XX. A stem that would be longer than [`MAX_STEM_LEN`] is cut, and a `~` (which
/// escaping never produces) and a 128-bit hash of the whole key follow, so long keys stay
/// distinct and their names valid.
pub fn file_stem(key: &str) -> String {
    let mut stem = String::with_capacity(key.len() + 8);
    for byte in key.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-' {
            stem.push(byte as char);
        } else {
            stem.push_str(&format!("%{byte:02X}"));
        }
    }
    if stem.len() > MAX_STEM_LEN {
        let hash = format!("~{:016x}{:016x}", fnv1a(key.as_bytes(), 0), fnv1a(key.as_bytes(), 1));
        stem.truncate(MAX_STEM_LEN - hash.len());
        stem.push_str(&hash);
    }
    stem
}

/// 64-bit FNV-1a, seeded: stable across runs and Rust versions (unlike `DefaultHasher`), which
/// file names need.
fn fnv1a(bytes: &[u8], seed: u8) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ u64::from(seed);
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomically(dir.path(), &path, b"one").unwrap();
        write_atomically(dir.path(), &path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert_eq!(names, ["a.json"]);
        remove(dir.path(), &path).unwrap();
        remove(dir.path(), &path).unwrap();
        assert!(!path.exists());
    }

    /// Issue 11 item 6: a long key (a 223+-character host) gets a name short enough for its
    /// temporary file too, and distinct keys keep distinct names.
    #[test]
    fn long_keys_get_short_distinct_names_that_can_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = format!("https://{}.test", "a".repeat(240));
        let b = format!("https://{}.test:8443", "a".repeat(240));
        assert!(file_stem(&a).len() <= MAX_STEM_LEN);
        assert_ne!(file_stem(&a), file_stem(&b));
        assert_eq!(file_stem(&a), file_stem(&a));
        let path = dir.path().join(format!("{}.json", file_stem(&a)));
        write_atomically(dir.path(), &path, b"x").unwrap();
        assert_eq!(read_bounded(&path, 10).unwrap(), b"x");
    }

    /// Issue 11 item 6: FIFOs and devices are never opened, big files never read whole, and a
    /// killed write's temporary file is cleaned up.
    #[test]
    fn reading_refuses_special_and_oversized_files_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let fifo = dir.path().join("fifo.json");
        let made_fifo = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        let big = dir.path().join("big.json");
        fs::write(&big, vec![b'x'; 100]).unwrap();
        let stale = dir.path().join(".a.json.tmp-4000000-7");
        fs::write(&stale, b"half").unwrap();
        let ok = dir.path().join("ok.json");
        fs::write(&ok, b"ok").unwrap();

        assert!(read_bounded(&zero, 1 << 20).is_err());
        assert!(read_bounded(&big, 10).is_err());
        let (read, problems) =
            read_all(dir.path(), "json", |p| read_bounded(p, 10).map_err(|e| e.to_string())).unwrap();
        assert_eq!(read, [b"ok".to_vec()]);
        assert_eq!(problems.len(), if made_fifo { 3 } else { 2 }, "{problems:?}");
        assert!(!stale.exists(), "the temporary file of a killed write is removed");
    }

    #[test]
    fn file_stems_escape_everything_but_safe_characters() {
        assert_eq!(file_stem("https://a.test:8443"), "https%3A%2F%2Fa.test%3A8443");
        assert!(is_temporary(".a.json.tmp-12-3"));
        assert!(!is_temporary("a.json"));
    }
}
