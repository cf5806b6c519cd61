//! TLS to PostgreSQL against a server of the test's own, with a CA and a certificate made for
//! the occasion: each `sslmode` encrypts and checks what libpq's does, every connection of the
//! service (pool, LISTEN, migrations, readiness) uses it, and a certificate that does not
//! verify stops the service at start with one line saying why.

use std::path::{Path, PathBuf};

use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};

use crate::helpers::{Options, TestDb, spawn_app_on};
use crate::private_postgres::PrivatePostgres;

/// A CA, and a server certificate it signed for 127.0.0.1 only (not for "localhost").
struct Pki {
    dir: PathBuf,
    server_cert: String,
    server_key: String,
}

impl Pki {
    fn new() -> Self {
        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.distinguished_name
            .push(DnType::CommonName, "coopsante test CA");
        let ca_cert = ca.self_signed(&ca_key).expect("the CA certificate");
        let issuer = Issuer::new(ca, ca_key);
        let key = KeyPair::generate().expect("a server key");
        let mut server = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
        server
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        let cert = server
            .signed_by(&key, &issuer)
            .expect("the server certificate");
        let dir = std::env::temp_dir().join(format!("coopsante-pki-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("a directory for the CA");
        std::fs::write(dir.join("ca.pem"), ca_cert.pem()).expect("write the CA");
        Self {
            dir,
            server_cert: cert.pem(),
            server_key: key.serialize_pem(),
        }
    }

    fn ca_file(&self) -> String {
        self.dir.join("ca.pem").display().to_string()
    }

    /// The server's files and settings, written into its data directory.
    fn install(&self, data: &Path) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(data.join("server.crt"), &self.server_cert).expect("server.crt");
        std::fs::write(data.join("server.key"), &self.server_key).expect("server.key");
        std::fs::set_permissions(
            data.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .expect("server.key private");
        let mut conf = std::fs::read_to_string(data.join("postgresql.conf")).expect("conf");
        conf.push_str("\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
        std::fs::write(data.join("postgresql.conf"), conf).expect("conf");
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(diesel::QueryableByName)]
struct Ssl {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    ssl: bool,
}

/// Whether this session is encrypted, as the server sees it.
async fn encrypted(conn: &mut AsyncPgConnection) -> bool {
    diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .get_result::<Ssl>(conn)
        .await
        .expect("pg_stat_ssl")
        .ssl
}

/// Connects with the service's own connection code, and says whether the session is encrypted.
async fn connects_encrypted(url: &str) -> Result<bool, String> {
    let mut conn = coopsante::db::connect(url).await?;
    Ok(encrypted(&mut conn).await)
}

#[derive(diesel::QueryableByName)]
struct Sessions {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    plain: i64,
}

#[actix_web::test]
async fn each_sslmode_encrypts_and_checks_the_certificate_as_libpq_does() {
    if !PrivatePostgres::binaries_installed() {
        eprintln!(
            "SKIPPED each_sslmode_encrypts_and_checks_the_certificate_as_libpq_does: no \
             PostgreSQL server binaries (initdb, pg_ctl) to start a server with TLS"
        );
        return;
    }
    let pki = Pki::new();
    let pg = PrivatePostgres::start_with(|data| pki.install(data));
    let ca = pki.ca_file();
    let db = TestDb::future(&pg.server_url());
    let plain = format!("{}?sslmode=disable", db.url);
    let mut admin =
        coopsante::db::connect(&format!("{}/postgres?sslmode=disable", pg.server_url()))
            .await
            .expect("the private server");
    diesel::sql_query(format!("CREATE DATABASE {}", db.name))
        .execute(&mut admin)
        .await
        .expect("create the database");

    // verify-full with the CA: migrations, then the whole app over TLS.
    let full = format!("{}?sslmode=verify-full&sslrootcert={ca}", db.url);
    coopsante::db::migrate(&full)
        .await
        .expect("migrations over verify-full");
    assert_eq!(connects_encrypted(&full).await, Ok(true));
    let app = spawn_app_on(
        TestDb {
            url: full.clone(),
            name: db.name.clone(),
            server: db.server.clone(),
        },
        Options::default(),
    )
    .await;
    app.anonymous_get("/readyz").await.assert_status(200);
    let listed = app.get("/v1/cooperatives", &app.admin()).await;
    listed.assert_status(200);
    // Every session the app holds (pool, the LISTEN connection of revocations) is encrypted.
    let sessions: Sessions = diesel::sql_query(
        "SELECT count(*) AS total, count(*) FILTER (WHERE NOT s.ssl) AS plain \
         FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) \
         WHERE a.datname = $1 AND a.pid <> pg_backend_pid()",
    )
    .bind::<diesel::sql_types::Text, _>(&db.name)
    .get_result(&mut admin)
    .await
    .expect("the app's sessions");
    assert!(
        sessions.total >= 2,
        "pool and LISTEN: {} sessions",
        sessions.total
    );
    assert_eq!(sessions.plain, 0, "of {} sessions", sessions.total);

    // A name the certificate was not issued for: refused, saying so.
    let localhost = format!(
        "postgres://postgres@localhost:{}/{}?sslmode=verify-full&sslrootcert={ca}",
        pg.port, db.name
    );
    let err = connects_encrypted(&localhost).await.unwrap_err();
    assert!(
        err.contains("database TLS") && err.contains("\"localhost\"") && err.contains("127.0.0.1"),
        "{err}"
    );
    // verify-ca checks the chain, not the name.
    let ca_only = localhost.replace("verify-full", "verify-ca");
    assert_eq!(connects_encrypted(&ca_only).await, Ok(true));

    // Without the CA (the system's roots do not know it): refused, saying so.
    let unknown = format!("{}?sslmode=verify-full", db.url);
    let err = connects_encrypted(&unknown).await.unwrap_err();
    assert!(
        err.contains("database TLS") && err.contains("not signed by a trusted CA"),
        "{err}"
    );
    let err = connects_encrypted(&format!("{}?sslmode=verify-ca", db.url))
        .await
        .unwrap_err();
    assert!(err.contains("not signed by a trusted CA"), "{err}");

    // require and prefer encrypt without checking; disable does not encrypt.
    let require = format!("{}?sslmode=require", db.url);
    assert_eq!(connects_encrypted(&require).await, Ok(true));
    assert_eq!(
        connects_encrypted(&db.url).await,
        Ok(true),
        "prefer by default"
    );
    assert_eq!(connects_encrypted(&plain).await, Ok(false));

    // The real service, given a certificate that does not verify: one line, exit non-zero.
    let out = crate::helpers::binary()
        .env("DATABASE_URL", &localhost)
        .arg("serve")
        .output()
        .expect("run coopsante serve");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!out.status.success(), "{stderr}");
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].contains("database TLS") && lines[0].contains("\"localhost\""),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    drop(app);
}
