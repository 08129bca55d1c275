//! Files that are replaced whole and atomically, for the profile's stores: a write goes to a
//! temporary file in the same directory, is flushed to disk, renamed over the old file, and the
//! directory is flushed, so a crash at any point leaves either the old file or the new one.

use std::fs::{self, File};
use std::io::{self, Write};
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

/// A file a store could not use, and why.
pub type FileProblem = (PathBuf, String);

/// Reads every `*.EXTENSION` file of `dir` with `read`, skipping the temporary files of
/// interrupted writes: what could be read, and each other file with the reason it could not.
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
        if is_temporary(name) || path.extension().and_then(|e| e.to_str()) != Some(extension) {
            continue;
        }
        match read(&path) {
            Ok(value) => read_files.push(value),
            Err(message) => problems.push((path, message)),
        }
    }
    Ok((read_files, problems))
}

/// A file name for a key (an origin, a scope): letters, digits, '.' and '-' as they are, other
/// bytes as %XX.
pub fn file_stem(key: &str) -> String {
    let mut stem = String::with_capacity(key.len() + 8);
    for byte in key.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-' {
            stem.push(byte as char);
        } else {
            stem.push_str(&format!("%{byte:02X}"));
        }
    }
    stem
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

    #[test]
    fn file_stems_escape_everything_but_safe_characters() {
        assert_eq!(file_stem("https://a.test:8443"), "https%3A%2F%2Fa.test%3A8443");
        assert!(is_temporary(".a.json.tmp-12-3"));
        assert!(!is_temporary("a.json"));
    }
}
