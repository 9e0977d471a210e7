//! Temporary files are removed when the process is interrupted.
//!
//! `fix` and `render` write each file through a temporary file beside it (see
//! [`crate::disk::stage`]). Ctrl-C or a CI job's SIGTERM ended the process between creating it
//! and renaming it, and left a `.macrolint-*` file in the user's tree. Every temporary file is
//! registered here while it exists; [`on_interrupt`] starts a thread that waits for SIGINT and
//! SIGTERM (blocked in every other thread), removes what is registered and exits with the
//! signal's conventional code (130, 143).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

static PENDING: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn pending() -> MutexGuard<'static, Option<HashSet<PathBuf>>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `path` is a temporary file of ours until [`forget`] or [`landing`].
pub fn register(path: &Path) {
    pending()
        .get_or_insert_with(HashSet::new)
        .insert(path.to_path_buf());
}

/// `path` is gone (removed by its owner).
pub fn forget(path: &Path) {
    if let Some(set) = pending().as_mut() {
        set.remove(path);
    }
}

/// Runs `rename` (which moves the temporary file `path` to its destination) so that an
/// interrupt handled meanwhile cannot remove the file that has just landed.
pub fn landing<T>(path: &Path, rename: impl FnOnce() -> T) -> T {
    let mut guard = pending();
    let out = rename();
    if let Some(set) = guard.as_mut() {
        set.remove(path);
    }
    out
}

/// Removes every registered temporary file; what the interrupt handler does.
pub fn remove_all() -> usize {
    let mut guard = pending();
    let mut removed = 0;
    if let Some(set) = guard.as_mut() {
        for p in set.drain() {
            if std::fs::remove_file(&p).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// From now on, SIGINT and SIGTERM remove the registered temporary files before the process
/// ends. Call it before any other thread is started (threads inherit the blocked signals).
#[cfg(unix)]
pub fn on_interrupt() {
    // SAFETY: plain libc calls on a local, zero-initialised signal set.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        set
    };
    let spawned = std::thread::Builder::new()
        .name("macrolint-signals".into())
        .spawn(move || {
            let mut signal: libc::c_int = 0;
            // SAFETY: `set` is a valid signal set and `signal` a valid out pointer.
            if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                return;
            }
            remove_all();
            std::process::exit(128 + signal);
        });
    if spawned.is_err() {
        // No handler: let the signals do what they always did.
        // SAFETY: as above.
        unsafe {
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn on_interrupt() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_files_are_removed_and_landed_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join(".macrolint-a");
        let b = dir.path().join(".macrolint-b");
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        register(&a);
        register(&b);
        landing(&b, || std::fs::rename(&b, dir.path().join("b")).unwrap());
        assert!(remove_all() >= 1);
        assert!(!a.exists());
        assert!(dir.path().join("b").exists(), "the landed file is kept");
    }
}
