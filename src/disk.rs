//! Writing a file back without ever corrupting it or losing someone else's write: what `fix`
//! needs, kept in the library so it can be tested step by step.

use std::io::Write;
use std::path::Path;

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file is read-only; not written (make it writable to fix it)")]
    ReadOnly,
    #[error("the file changed on disk since it was read; not written (run fix again)")]
    Changed,
    #[error("{what} ({source}); not written")]
    Io {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> WriteError {
    move |source| WriteError::Io { what, source }
}

/// Replaces the content of `path` with `new`, if it still is `old`.
///
/// Atomic: `new` goes to a temporary file in the same folder, which is then renamed over the
/// file (through a symlink to its target), with the file's permissions. A read-only file is
/// refused. The check and the rename are as close together as the file system allows; a writer
/// that races between them is the only window left.
pub fn replace_if_unchanged(path: &Path, old: &str, new: &str) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path).map_err(io("cannot resolve the path"))?;
    let meta = std::fs::metadata(&target).map_err(io("cannot read the file's metadata"))?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".macrolint-fix-")
        .tempfile_in(dir)
        .map_err(io("cannot create a temporary file next to it"))?;
    tmp.write_all(new.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io("cannot write the temporary file"))?;
    std::fs::set_permissions(tmp.path(), meta.permissions())
        .map_err(io("cannot keep the file's permissions"))?;
    // Compare as late as possible: after the new content is safely on disk.
    let now = std::fs::read(&target).map_err(io("cannot re-read the file"))?;
    if now != old.as_bytes() {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target).map_err(|e| WriteError::Io {
        what: "cannot replace the file",
        source: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_when_unchanged_and_keeps_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o604)).unwrap();
        }
        replace_if_unchanged(&p, "old", "new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o604
            );
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        let read = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, "someone else's edit").unwrap();
        assert!(matches!(
            replace_if_unchanged(&p, &read, "fixed"),
            Err(WriteError::Changed)
        ));
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "someone else's edit",
            "their write is kept"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_read_only_files_and_writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        let mut perms = std::fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&p, perms).unwrap();
        assert!(matches!(
            replace_if_unchanged(&p, "old", "new"),
            Err(WriteError::ReadOnly)
        ));
        #[cfg(unix)]
        {
            let q = dir.path().join("b.txt");
            std::fs::write(&q, "old").unwrap();
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&q, &link).unwrap();
            replace_if_unchanged(&link, "old", "new").unwrap();
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read_to_string(&q).unwrap(), "new");
        }
    }
}
