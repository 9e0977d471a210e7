//! What the end-to-end tests share: the binary with a clean locale, and its output.

#![allow(dead_code)]

pub mod scaling;

use assert_cmd::Command;

/// The `macrolint` binary, with no locale and no colour, so output is the same everywhere.
pub fn macrolint() -> Command {
    let mut c = Command::cargo_bin("macrolint").unwrap();
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

/// Runs `cmd`: (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
