//! Configuration read from the environment: a missing or invalid variable stops the real
//! binary with exactly one line naming it, before it serves anything.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::binary;

/// Runs `cmd` to its end, killing it (and failing) if it is still running after 10 s: a
/// configuration that is accepted by mistake would otherwise serve forever.
fn finished(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the coopsante binary starts");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "still running after 10 s: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// `coopsante ARGS` with the test settings changed by `set` and without `unset`; asserts it
/// stops with exit code 1, nothing on stdout and one line on stderr, and returns that line.
fn refused(args: &[&str], set: &[(&str, &str)], unset: &[&str]) -> String {
    let mut cmd = binary();
    cmd.args(args)
        // Somewhere nothing listens: a configuration wrongly accepted fails later, not here.
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nothing")
        .env("COOPSANTE_BIND", "127.0.0.1:0")
        .envs(set.iter().copied());
    for name in unset {
        cmd.env_remove(name);
    }
    let out = finished(cmd);
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(out.status.code(), Some(1), "{args:?} {set:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} {set:?}: {:?}", out.stdout);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    stderr.trim_end().to_owned()
}

#[test]
fn a_missing_or_invalid_variable_stops_serve_with_one_line_naming_it() {
    for (set, unset, named) in [
        (
            vec![("COOPSANTE_DB_POOL_SIZE", "abc")],
            vec![],
            "COOPSANTE_DB_POOL_SIZE",
        ),
        (vec![], vec!["COOPSANTE_JWT_SECRET"], "COOPSANTE_JWT_SECRET"),
        (
            vec![("COOPSANTE_JWT_SECRET", "short")],
            vec![],
            "COOPSANTE_JWT_SECRET",
        ),
        (
            vec![("COOPSANTE_CORS_ORIGINS", "dashboard.example")],
            vec![],
            "COOPSANTE_CORS_ORIGINS",
        ),
        (
            vec![("COOPSANTE_CORS_ORIGINS", "ftp://files.example")],
            vec![],
            "COOPSANTE_CORS_ORIGINS",
        ),
        (
            vec![("COOPSANTE_TIMEZONE", "Mars/Olympus_Mons")],
            vec![],
            "COOPSANTE_TIMEZONE",
        ),
        (
            vec![("COOPSANTE_WORKERS", "-2")],
            vec![],
            "COOPSANTE_WORKERS",
        ),
        // Audit events are kept at least a year, and never less than the feed.
        (
            vec![("COOPSANTE_AUDIT_RETENTION_DAYS", "90")],
            vec![],
            "COOPSANTE_AUDIT_RETENTION_DAYS",
        ),
        (
            vec![
                ("COOPSANTE_AUDIT_RETENTION_DAYS", "400"),
                ("COOPSANTE_CHANGES_RETENTION_DAYS", "500"),
            ],
            vec![],
            "COOPSANTE_CHANGES_RETENTION_DAYS (500)",
        ),
        (
            vec![("COOPSANTE_AUDIT_RETENTION_DAYS", "forever")],
            vec![],
            "COOPSANTE_AUDIT_RETENTION_DAYS",
        ),
        (
            vec![("COOPSANTE_REDIS_URL", "127.0.0.1:6379")],
            vec![],
            "COOPSANTE_REDIS_URL",
        ),
        (
            vec![("COOPSANTE_READ_DATABASE_URL", "mysql://replica/coopsante")],
            vec![],
            "COOPSANTE_READ_DATABASE_URL",
        ),
        (
            vec![("COOPSANTE_LISTEN_DATABASE_URL", "primary:5432")],
            vec![],
            "COOPSANTE_LISTEN_DATABASE_URL",
        ),
        (
            vec![("DATABASE_URL", "mysql://localhost/coopsante")],
            vec![],
            "DATABASE_URL",
        ),
        (
            vec![("COOPSANTE_TRUSTED_PROXIES", "10.0.0.1, proxy.example")],
            vec![],
            "COOPSANTE_TRUSTED_PROXIES",
        ),
        (
            vec![("COOPSANTE_TRUSTED_PROXIES", "10.0.0.0/33")],
            vec![],
            "COOPSANTE_TRUSTED_PROXIES",
        ),
        (
            vec![("COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS", "721")],
            vec![],
            "COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS",
        ),
        (
            vec![("COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS", "a day")],
            vec![],
            "COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS",
        ),
    ] {
        let line = refused(&["serve"], &set, &unset);
        assert!(line.contains(named), "{set:?} {unset:?}: {line}");
    }
}

#[test]
fn the_token_command_without_its_secret_prints_nothing_but_one_line_naming_it() {
    let line = refused(
        &["token", "--role", "admin"],
        &[],
        &["COOPSANTE_JWT_SECRET"],
    );
    assert!(line.contains("COOPSANTE_JWT_SECRET"), "{line}");
}
