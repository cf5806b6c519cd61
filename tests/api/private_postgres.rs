//! A PostgreSQL server of a test's own, started from the installed binaries, for the tests
//! that stop and restart it (the shared test server must never be stopped).

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PrivatePostgres {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

/// The directory of `initdb` and `pg_ctl`: on the PATH, or Debian's and Homebrew's places.
fn bin_dir() -> PathBuf {
    find_bin_dir().expect(
        "these tests start a PostgreSQL server of their own: install the PostgreSQL server \
         binaries (Debian: apt-get install postgresql)",
    )
}

fn find_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let mut candidates: Vec<PathBuf> = on_path.collect();
    let mut versioned: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .collect();
    // The newest version first.
    versioned.sort_by_key(|p| {
        std::cmp::Reverse(
            p.parent()
                .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
                .unwrap_or(0),
        )
    });
    candidates.extend(versioned);
    candidates
        .into_iter()
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The server refuses to run as root: run it as the `postgres` user then.
fn command(program: &Path) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(mut command: Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PrivatePostgres {
    /// Whether `initdb` and `pg_ctl` are installed (a test that needs its own server skips
    /// with a printed reason otherwise).
    pub fn binaries_installed() -> bool {
        find_bin_dir().is_some()
    }

    pub fn start() -> Self {
        Self::start_with(|_| {})
    }

    /// A server whose data directory `prepare` may change (settings, certificate files)
    /// between `initdb` and the first start.
    pub fn start_with(prepare: impl FnOnce(&Path)) -> Self {
        let bin = bin_dir();
        let dir = std::env::temp_dir().join(format!("coopsante-pg-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("a directory for the server");
        // Readable by the postgres user when the tests run as root.
        let _ = Command::new("chown").arg("postgres:").arg(&dir).output();
        let mut initdb = command(&bin.join("initdb"));
        initdb.arg("-D").arg(dir.join("data")).args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        ]);
        run(initdb, "initdb");
        prepare(&dir.join("data"));
        let _ = Command::new("chown")
            .arg("-R")
            .arg("postgres:")
            .arg(dir.join("data"))
            .output();
        let server = Self {
            dir,
            bin,
            port: free_port(),
        };
        server.resume();
        server
    }

    pub fn server_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// Stops the server the way an administrator's fast shutdown does: sessions are
    /// terminated mid-query ("terminating connection due to administrator command").
    pub fn stop(&self) {
        let mut stop = command(&self.bin.join("pg_ctl"));
        stop.arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w", "stop"]);
        run(stop, "pg_ctl stop");
    }

    /// Starts it again, on the same port and data.
    pub fn resume(&self) {
        let mut start = command(&self.bin.join("pg_ctl"));
        start
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "30", "-o"])
            .arg(format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                self.port,
                self.dir.display()
            ))
            .arg("start");
        run(start, "pg_ctl start");
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let mut stop = command(&self.bin.join("pg_ctl"));
        stop.arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "stop"]);
        let _ = stop.output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
