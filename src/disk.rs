//! Every file macrolint reads for configuration and every file it writes, kept inside the tree
//! it belongs to.
//!
//! A repository decides what its files are: `macrolint.toml` may be a symlink to a home-folder
//! file, an output folder may hold a link to `../../outside/victim.txt`, a catalog may be
//! swapped for a link while the server watches it. On CI for a fork's pull request, following
//! such a link is an arbitrary file read or write. So a path is resolved (every symlink
//! followed) and must stay under its [`Root`]; a read opens the resolved path without following
//! a link and only if it is a regular file (a FIFO would block); and [`stage`] is the one way
//! to write: a temporary file beside the resolved destination, renamed over it, so a link at
//! the destination is replaced, never written through.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// A folder that paths must stay inside, symlinks resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Root {
    dir: PathBuf,
}

impl Root {
    /// The folder `dir` (which must exist), resolved.
    pub fn new(dir: &Path) -> std::io::Result<Root> {
        Ok(Root {
            dir: std::fs::canonicalize(dir)?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Whether a resolved path is this folder or under it.
    pub fn holds(&self, resolved: &Path) -> bool {
        resolved.starts_with(&self.dir)
    }

    /// `path` with every symlink resolved, if that stays inside the root.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refused> {
        let resolved = std::fs::canonicalize(path).map_err(|e| Refused::Io {
            path: path.to_path_buf(),
            what: "cannot resolve the path",
            source: e,
        })?;
        if self.holds(&resolved) {
            Ok(resolved)
        } else {
            Err(Refused::Outside {
                path: path.to_path_buf(),
                resolved,
                root: self.dir.clone(),
            })
        }
    }
}

/// Why a file was not read or written.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error(
        "{} resolves to {}, outside {}; not followed",
        .path.display(), .resolved.display(), .root.display()
    )]
    Outside {
        path: PathBuf,
        resolved: PathBuf,
        root: PathBuf,
    },
    #[error("{} is a directory, not a file", .0.display())]
    Directory(PathBuf),
    #[error("{} is not a regular file (a FIFO, a socket or a device)", .0.display())]
    NotRegular(PathBuf),
    #[error("{} is {size} bytes, over the limit of {limit}", .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("the file is read-only; not written (make it writable to fix it)")]
    ReadOnly,
    #[error("the file changed on disk since it was read; not written (run fix again)")]
    Changed,
    #[error("{}: {what} ({source})", .path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl Refused {
    /// What to do about it, for messages that give advice.
    pub fn help(&self) -> &'static str {
        match self {
            Refused::Outside { .. } => {
                "a workspace may only name files inside itself; a path of your own can be given on the command line or in your editor's user settings"
            }
            Refused::Directory(_) | Refused::NotRegular(_) => "point it at a regular file",
            Refused::TooLarge { .. } => "split the file, or raise the limit",
            Refused::ReadOnly => "make the file writable",
            Refused::Changed => "run the command again",
            Refused::Io { .. } => "check the path and its permissions",
        }
    }
}

fn io(path: &Path, what: &'static str) -> impl FnOnce(std::io::Error) -> Refused {
    let path = path.to_path_buf();
    move |source| Refused::Io { path, what, source }
}

/// Opens the regular file at the resolved `path` for reading, without following a link there
/// and without blocking on a FIFO.
fn open_regular(path: &Path) -> Result<File, Refused> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options
        .open(path)
        .map_err(io(path, "cannot open the file"))?;
    let meta = file
        .metadata()
        .map_err(io(path, "cannot read the file's metadata"))?;
    if meta.is_dir() {
        return Err(Refused::Directory(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(Refused::NotRegular(path.to_path_buf()));
    }
    Ok(file)
}

/// Reads at most `limit` bytes from `input`; more is an error, never a partial read.
pub fn read_limited(mut input: impl Read, limit: u64, shown: &Path) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::new();
    input
        .by_ref()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io(shown, "cannot read the file"))?;
    if bytes.len() as u64 > limit {
        // How large is not known without reading the rest: say "over".
        return Err(Refused::TooLarge {
            path: shown.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The bytes of the file at `path`, which must resolve inside `root`, be a regular file and
/// hold at most `limit` bytes. What every read of workspace configuration goes through.
pub fn read(root: &Root, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    if path.is_dir() {
        return Err(Refused::Directory(path.to_path_buf()));
    }
    let resolved = root.resolve(path)?;
    let file = open_regular(&resolved)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(Refused::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    read_limited(file, limit, path)
}

/// How [`stage`] treats a symlink at the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtLink {
    /// The destination is a new file (a rendered template, a report): a link there is replaced
    /// by the file, never written through.
    Replace,
    /// The destination is an existing file being fixed in place: a link is followed to its
    /// target, which must be inside the root (and stays a link).
    Follow,
}

/// A file being written: its content goes to a temporary file beside the destination, which
/// [`Staged::commit`] renames over it. Dropped uncommitted (or interrupted by SIGINT/SIGTERM,
/// see [`crate::cleanup`]), it leaves nothing behind.
pub struct Staged {
    tmp: Option<tempfile::NamedTempFile>,
    dest: PathBuf,
    shown: PathBuf,
}

/// Starts writing `path`, which must stay inside `root`: every folder on the way is created
/// inside the root (a link among them must resolve inside it), and the temporary file is
/// created (never opened through a link) in the resolved folder of the destination.
pub fn stage(root: &Root, path: &Path, at_link: AtLink) -> Result<Staged, Refused> {
    let abs = std::path::absolute(path).map_err(io(path, "cannot resolve the path"))?;
    let parent = abs
        .parent()
        .ok_or_else(|| Refused::Directory(path.to_path_buf()))?;
    let name = abs
        .file_name()
        .ok_or_else(|| Refused::Directory(path.to_path_buf()))?;
    let dir = make_dirs(root, parent)?;
    let mut dest = dir.join(name);
    match dest.symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() && at_link == AtLink::Follow => {
            dest = root.resolve(&dest)?;
        }
        Ok(m) if m.is_dir() => return Err(Refused::Directory(path.to_path_buf())),
        _ => {}
    }
    let dest_dir = dest.parent().unwrap_or(&dir).to_path_buf();
    let mut builder = tempfile::Builder::new();
    builder.prefix(".macrolint-");
    #[cfg(unix)]
    {
        // A new file gets the permissions any new file gets (0666 less the umask), not the
        // temporary file's 0600; `fix` sets the fixed file's own.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(&dest_dir)
        .map_err(io(path, "cannot create a temporary file next to it"))?;
    crate::cleanup::register(tmp.path());
    Ok(Staged {
        tmp: Some(tmp),
        dest,
        shown: path.to_path_buf(),
    })
}

/// Creates the folders of `dir` that do not exist, one at a time, checking that each one (and
/// any link on the way) stays inside `root`; returns `dir` resolved.
fn make_dirs(root: &Root, dir: &Path) -> Result<PathBuf, Refused> {
    // The part of `dir` that exists is resolved as a whole; below it, folders are made.
    let mut existing = dir.to_path_buf();
    let mut missing = Vec::new();
    while existing.symlink_metadata().is_err() {
        let Some(name) = existing.file_name() else {
            break;
        };
        missing.push(name.to_os_string());
        existing.pop();
    }
    let mut at = root.resolve(&existing)?;
    for name in missing.into_iter().rev() {
        if Path::new(&name)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Refused::Directory(dir.to_path_buf()));
        }
        at.push(&name);
        match std::fs::create_dir(&at) {
            Ok(()) => {}
            // Made meanwhile (by us, in parallel): resolved again below.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                at = root.resolve(&at)?;
            }
            Err(e) => return Err(io(&at, "cannot create the folder")(e)),
        }
    }
    Ok(at)
}

impl Staged {
    /// Where the content will land (the resolved destination).
    pub fn destination(&self) -> &Path {
        &self.dest
    }

    fn file(&mut self) -> &mut tempfile::NamedTempFile {
        self.tmp.as_mut().expect("not committed yet")
    }

    /// Gives the file these permissions when it lands.
    pub fn set_permissions(&mut self, perms: std::fs::Permissions) -> Result<(), Refused> {
        let shown = self.shown.clone();
        std::fs::set_permissions(self.file().path(), perms)
            .map_err(io(&shown, "cannot keep the file's permissions"))
    }

    /// Renames the content over the destination, after `check` (run with the content safely
    /// on disk, as late as possible) says it still may.
    pub fn commit_if(
        mut self,
        check: impl FnOnce(&Path) -> Result<(), Refused>,
    ) -> Result<(), Refused> {
        let shown = self.shown.clone();
        let mut tmp = self.tmp.take().expect("committed once");
        tmp.flush()
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(io(&shown, "cannot write the temporary file"))?;
        hold_for_tests();
        check(&self.dest)?;
        let path = tmp.path().to_path_buf();
        // Under the cleanup lock, so an interrupt either sees the temporary file or the
        // renamed one, never removes a file that has just landed.
        crate::cleanup::landing(&path, || {
            tmp.persist(&self.dest)
                .map(|_| ())
                .map_err(|e| Refused::Io {
                    path: shown.clone(),
                    what: "cannot replace the file",
                    source: e.error,
                })
        })
    }

    /// Renames the content over the destination.
    pub fn commit(self) -> Result<(), Refused> {
        self.commit_if(|_| Ok(()))
    }
}

/// With [`HOLD_WRITES_ENV`] set to a number of milliseconds, every write waits that long
/// with its temporary file on disk: how the tests interrupt `fix` at the worst moment.
pub const HOLD_WRITES_ENV: &str = "MACROLINT_TEST_HOLD_WRITES_MS";

fn hold_for_tests() {
    if let Some(ms) = std::env::var_os(HOLD_WRITES_ENV)
        .and_then(|v| v.to_str().and_then(|v| v.parse::<u64>().ok()))
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            crate::cleanup::forget(tmp.path());
        }
    }
}

/// Writes `content` to `path` inside `root` (a new file: a link there is replaced).
pub fn write(root: &Root, path: &Path, content: &[u8]) -> Result<(), Refused> {
    let mut staged = stage(root, path, AtLink::Replace)?;
    staged
        .write_all(content)
        .map_err(io(path, "cannot write the temporary file"))?;
    staged.commit()
}

/// Replaces the content of `path` (inside `root`) with `new`, if it still is `old`: what `fix`
/// does to a template.
///
/// Atomic: `new` goes to a temporary file in the same folder, which is then renamed over the
/// file (through a symlink to its target, if that is inside the root), with the file's
/// permissions. The file is *replaced*: a hard link to it keeps the old content, and the owner
/// and extended attributes are those of whoever runs `fix`. A read-only file is refused. The
/// comparison and the rename are as close together as the file system allows; a writer that
/// races between them is the only window left.
pub fn replace_if_unchanged(root: &Root, path: &Path, old: &str, new: &str) -> Result<(), Refused> {
    let staged = stage(root, path, AtLink::Follow)?;
    let meta = std::fs::metadata(staged.destination())
        .map_err(io(path, "cannot read the file's metadata"))?;
    if meta.permissions().readonly() {
        return Err(Refused::ReadOnly);
    }
    let mut staged = staged;
    staged
        .write_all(new.as_bytes())
        .map_err(io(path, "cannot write the temporary file"))?;
    staged.set_permissions(meta.permissions())?;
    staged.commit_if(|dest| {
        // Compare as late as possible: after the new content is safely on disk.
        let now = std::fs::read(dest).map_err(io(path, "cannot re-read the file"))?;
        if now != old.as_bytes() {
            return Err(Refused::Changed);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(dir: &tempfile::TempDir) -> Root {
        Root::new(dir.path()).unwrap()
    }

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
        replace_if_unchanged(&root(&dir), &p, "old", "new").unwrap();
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
            replace_if_unchanged(&root(&dir), &p, &read, "fixed"),
            Err(Refused::Changed)
        ));
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "someone else's edit",
            "their write is kept"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_read_only_files_and_writes_through_symlinks_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        let mut perms = std::fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&p, perms).unwrap();
        assert!(matches!(
            replace_if_unchanged(&root(&dir), &p, "old", "new"),
            Err(Refused::ReadOnly)
        ));
        #[cfg(unix)]
        {
            let q = dir.path().join("b.txt");
            std::fs::write(&q, "old").unwrap();
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&q, &link).unwrap();
            replace_if_unchanged(&root(&dir), &link, "old", "new").unwrap();
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read_to_string(&q).unwrap(), "new");
        }
    }

    /// A file, a dangling link and a folder link planted where output goes: nothing outside
    /// the root is written or created.
    #[cfg(unix)]
    #[test]
    fn writes_never_follow_a_link_out_of_the_root() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let out = tempfile::tempdir().unwrap();
        let r = root(&out);
        symlink(&victim, out.path().join("x.md")).unwrap();
        symlink(
            outside.path().join("new.txt"),
            out.path().join("dangling.md"),
        )
        .unwrap();
        symlink(outside.path(), out.path().join("sub")).unwrap();

        write(&r, &out.path().join("x.md"), b"rendered").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(
            std::fs::read_to_string(out.path().join("x.md")).unwrap(),
            "rendered"
        );
        assert!(
            !out.path()
                .join("x.md")
                .symlink_metadata()
                .unwrap()
                .is_symlink()
        );

        write(&r, &out.path().join("dangling.md"), b"rendered").unwrap();
        assert!(
            !outside.path().join("new.txt").exists(),
            "nothing created outside"
        );

        let e = write(&r, &out.path().join("sub/deeper/y.md"), b"rendered").unwrap_err();
        assert!(matches!(e, Refused::Outside { .. }), "{e}");
        assert!(!outside.path().join("deeper").exists());

        // Fixing in place through a link to a file outside: refused, the file untouched.
        std::fs::remove_file(out.path().join("x.md")).unwrap();
        symlink(&victim, out.path().join("x.md")).unwrap();
        let e = replace_if_unchanged(&r, &out.path().join("x.md"), "precious", "fixed");
        assert!(matches!(e, Err(Refused::Outside { .. })), "{e:?}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let leftovers: Vec<_> = std::fs::read_dir(out.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".macrolint-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[cfg(unix)]
    #[test]
    fn reads_stay_inside_and_never_block() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.toml");
        std::fs::write(&secret, "token = 1").unwrap();
        let ws = tempfile::tempdir().unwrap();
        let r = root(&ws);
        symlink(&secret, ws.path().join("macrolint.toml")).unwrap();
        let e = read(&r, &ws.path().join("macrolint.toml"), 1 << 20).unwrap_err();
        assert!(matches!(e, Refused::Outside { .. }), "{e}");
        std::fs::write(ws.path().join("ok.toml"), "a = 1").unwrap();
        assert_eq!(
            read(&r, &ws.path().join("ok.toml"), 1 << 20).unwrap(),
            b"a = 1"
        );
        assert!(matches!(
            read(&r, &ws.path().join("ok.toml"), 2),
            Err(Refused::TooLarge { .. })
        ));
        assert!(matches!(
            read(&r, ws.path(), 10),
            Err(Refused::Directory(_))
        ));
        let fifo = ws.path().join("pipe.toml");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            assert!(matches!(read(&r, &fifo, 10), Err(Refused::NotRegular(_))));
        }
    }
}
