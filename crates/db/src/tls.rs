//! How every connection the service makes reaches PostgreSQL: the URL's settings, and TLS by
//! rustls as its `sslmode` asks, with libpq's meanings. tokio-postgres knows only `disable`,
//! `prefer` and `require` and verifies nothing itself: the certificate checks are made here.
//!
//! | `sslmode` | TLS | certificate |
//! | --- | --- | --- |
//! | `disable` | never | — |
//! | `prefer` (default) | if the server offers it | not checked |
//! | `require` | always | not checked, unless `sslrootcert` is given (then as `verify-ca`) |
//! | `verify-ca` | always | signed by a trusted CA |
//! | `verify-full` | always | signed by a trusted CA and issued for the URL's host |
//!
//! Trusted CAs: the PEM file `sslrootcert=<path>`, or the system's roots without it (or with
//! `sslrootcert=system`).

use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use diesel::ConnectionError;
use diesel_async::AsyncPgConnection;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

/// What `sslmode` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    fn parse(value: &str) -> Result<Self, String> {
        match value {
            "disable" => Ok(Self::Disable),
            "prefer" => Ok(Self::Prefer),
            "require" => Ok(Self::Require),
            "verify-ca" => Ok(Self::VerifyCa),
            "verify-full" => Ok(Self::VerifyFull),
            other => Err(format!(
                "sslmode={other:?} is not supported: use disable, prefer, require, verify-ca \
                 or verify-full"
            )),
        }
    }
}

/// A database to connect to: the URL's settings and the TLS its `sslmode` asks for, read
/// once (the CA file too), for every connection made to it.
#[derive(Clone)]
pub struct Target {
    config: tokio_postgres::Config,
    tls: MakeRustlsConnect,
    mode: Mode,
}

impl std::fmt::Debug for Target {
    // Not the config: it holds the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target").field("mode", &self.mode).finish()
    }
}

impl Target {
    /// Reads a `postgres://` URL; `sslmode` and `sslrootcert` are taken out of its query and
    /// the rest is left to tokio-postgres.
    pub fn parse(url: &str) -> Result<Self, String> {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut mode = Mode::Prefer;
        let mut root_cert = None;
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => mode = Mode::parse(&percent_decoded(value)?)?,
                "sslrootcert" => root_cert = Some(percent_decoded(value)?),
                _ => rest.push(pair),
            }
        }
        let tokio_mode = match mode {
            Mode::Disable => SslMode::Disable,
            Mode::Prefer => SslMode::Prefer,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        };
        let url = if rest.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        let mut config = tokio_postgres::Config::from_str(&url)
            .map_err(|e| format!("invalid DATABASE_URL: {e}"))?;
        config.ssl_mode(tokio_mode);
        let tls = MakeRustlsConnect::new(client_config(mode, root_cert.as_deref())?);
        Ok(Self { config, tls, mode })
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// A new connection, its driver spawned on the current runtime.
    pub async fn connect(&self) -> Result<AsyncPgConnection, ConnectionError> {
        let (client, connection) = self
            .config
            .connect(self.tls.clone())
            .await
            .map_err(|e| ConnectionError::BadConnection(describe(&e)))?;
        AsyncPgConnection::try_from_client_and_connection(client, connection).await
    }
}

/// The reason a connection failed, in one line: for a certificate, what was wrong with it.
fn describe(err: &tokio_postgres::Error) -> String {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        // tokio-rustls hands rustls's error inside an io::Error, whose `source` skips it.
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map_or(e, |inner| inner as &(dyn std::error::Error + 'static));
        if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
            return format!("database TLS: {}", tls_reason(tls));
        }
        source = e.source();
    }
    err.to_string()
}

fn tls_reason(err: &rustls::Error) -> String {
    match err {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "the server's certificate is not signed by a trusted CA (sslrootcert, or the \
             system's roots without it)"
                .to_owned()
        }
        rustls::Error::InvalidCertificate(e) => format!("server certificate refused: {e}"),
        other => other.to_string(),
    }
}

/// `%XX` escapes decoded, as libpq reads URL parameters.
fn percent_decoded(value: &str) -> Result<String, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let byte = value
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| format!("invalid DATABASE_URL: bad %-escape in {value:?}"))?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("invalid DATABASE_URL: {value:?} is not UTF-8"))
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn client_config(mode: Mode, root_cert: Option<&str>) -> Result<ClientConfig, String> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("database TLS: {e}"))?;
    let algorithms = provider.signature_verification_algorithms;
    let config = match (mode, root_cert) {
        (Mode::Disable | Mode::Prefer, _) | (Mode::Require, None) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(algorithms)))
            .with_no_client_auth(),
        // libpq: `require` with a CA file given checks the chain, as `verify-ca` does.
        (Mode::Require | Mode::VerifyCa, roots) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly {
                roots: trusted(roots)?,
                algorithms,
            }))
            .with_no_client_auth(),
        (Mode::VerifyFull, roots) => builder
            .with_root_certificates(trusted(roots)?)
            .with_no_client_auth(),
    };
    Ok(config)
}

/// The CAs a certificate must chain to: the file's, or the system's.
fn trusted(root_cert: Option<&str>) -> Result<Arc<RootCertStore>, String> {
    match root_cert {
        None | Some("system") => system_roots(),
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("database TLS: cannot read sslrootcert {path:?}: {e}"))?;
            let mut roots = RootCertStore::empty();
            let (_, refused) = roots.add_parsable_certificates(certs);
            if roots.is_empty() {
                return Err(format!(
                    "database TLS: sslrootcert {path:?} holds no usable CA certificate \
                     ({refused} refused)"
                ));
            }
            Ok(Arc::new(roots))
        }
    }
}

/// The system's roots, read once per process; Mozilla's (compiled in) where it has none.
fn system_roots() -> Result<Arc<RootCertStore>, String> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    let roots = ROOTS.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        if roots.is_empty() {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        Arc::new(roots)
    });
    Ok(roots.clone())
}

/// `prefer` and `require`: encrypted, the server not authenticated (libpq does the same).
/// The handshake's signatures are still checked, against the certificate presented.
#[derive(Debug)]
struct Unchecked(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// `verify-ca`: the chain to a trusted CA is checked, the host name is not.
#[derive(Debug)]
struct ChainOnly {
    roots: Arc<RootCertStore>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let cert = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_cert_signed_by_trust_anchor(
            &cert,
            &self.roots,
            intermediates,
            now,
            self.algorithms.all,
        )?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_defaults_to_prefer_and_is_taken_out_of_the_url() {
        let target = Target::parse("postgres://app:pw@db.example.com:5432/coopsante").unwrap();
        assert_eq!(target.mode(), Mode::Prefer);
        assert_eq!(target.config.get_ssl_mode(), SslMode::Prefer);
        let target = Target::parse(
            "postgres://app@db.example.com/coopsante?connect_timeout=5&sslmode=verify-full",
        )
        .unwrap();
        assert_eq!(target.mode(), Mode::VerifyFull);
        assert_eq!(target.config.get_ssl_mode(), SslMode::Require);
        assert_eq!(
            target.config.get_connect_timeout(),
            Some(&std::time::Duration::from_secs(5))
        );
        assert!(!format!("{target:?}").contains("pw"));
    }

    #[test]
    fn an_unknown_sslmode_or_a_missing_ca_file_is_refused_with_its_reason() {
        let err = Target::parse("postgres://db/x?sslmode=allow").unwrap_err();
        assert!(err.contains("sslmode=\"allow\" is not supported"), "{err}");
        let err =
            Target::parse("postgres://db/x?sslmode=verify-ca&sslrootcert=%2Fnowhere%2Fca.pem")
                .unwrap_err();
        assert!(
            err.contains("cannot read sslrootcert \"/nowhere/ca.pem\""),
            "{err}"
        );
        // Without verification the CA file is not needed (prefer ignores it, as libpq does).
        Target::parse("postgres://db/x?sslmode=disable&sslrootcert=/nowhere").unwrap();
    }
}
