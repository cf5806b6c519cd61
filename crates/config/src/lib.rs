//! Settings, read once from the environment at start. A missing or invalid setting is one
//! clear line naming the variable, never a panic.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use ipnet::IpNet;

/// JSON bodies above this size get a 413.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// Body limit of batch endpoints (the others take [`JSON_LIMIT`]).
pub const BATCH_LIMIT: usize = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    var: &'static str,
    message: String,
}

fn invalid(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

/// What the token signer and verifier need.
#[derive(Clone, Debug)]
pub struct JwtConfig {
    /// The key tokens are signed with.
    pub secret: Vec<u8>,
    /// Its id, sent as the tokens' `kid`.
    pub kid: String,
    /// The key used before the last rotation, with its id: still accepted until removed.
    pub previous: Option<(String, Vec<u8>)>,
    pub issuer: String,
    pub audience: String,
    pub ttl: Duration,
}

/// How many requests a minute each caller may make (see `crate::ratelimit`).
#[derive(Clone, Copy, Debug)]
pub struct RateLimitConfig {
    /// Each client (a token's subject, or an address without a valid token), on the whole API.
    pub per_client: u32,
    /// `POST /v1/auth/token`, for each `client_id` and for each source address.
    pub token_requests: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            per_client: 1200,
            token_requests: 30,
        }
    }
}

/// The origins whose pages may call the API from a browser (`COOPSANTE_CORS_ORIGINS`);
/// the public directory answers any origin whatever this says.
#[derive(Clone, Debug, Default)]
pub struct CorsOrigins {
    /// `*`: every origin (tokens are never sent by the browser on its own, so this exposes
    /// nothing a page could not get with a token anyway).
    pub any: bool,
    /// Exact origins, e.g. `https://dashboard.fqcs.example`.
    pub listed: Vec<String>,
}

impl CorsOrigins {
    /// Comma-separated origins (`scheme://host[:port]`), or `*`.
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut origins = Self::default();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                origins.any = true;
                continue;
            }
            let origin = entry.trim_end_matches('/');
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            let valid = rest.is_some_and(|host| {
                !host.is_empty()
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
            });
            if !valid {
                return Err(format!(
                    "{entry:?} is not an origin (expected scheme://host[:port], e.g. https://coop.example)"
                ));
            }
            origins.listed.push(origin.to_ascii_lowercase());
        }
        Ok(origins)
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`COOPSANTE_TRUSTED_PROXIES`):
/// addresses and CIDR blocks. None by default: the header is then never read, since any
/// client can send it.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Comma-separated addresses (`10.0.0.5`, `::1`) and CIDR blocks (`10.0.0.0/8`,
    /// `fd00::/8`).
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpAddr>() {
                Ok(ip) => IpNet::from(ip),
                Err(_) => entry.parse::<IpNet>().map_err(|_| {
                    format!(
                        "{entry:?} is not an address or CIDR block (expected e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8)"
                    )
                })?,
            };
            nets.push(net.trunc());
        }
        Ok(Self(nets))
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Who sent a request that reached us from `peer` with these `X-Forwarded-For` values
    /// (each a list, in the order received): the peer, unless it is a trusted proxy; then the
    /// right-most forwarded address that is not itself a trusted proxy. Everything left of
    /// that address was written by the client and proves nothing. An entry that is not an
    /// address stops the walk at the proxy that passed it on, and a chain of trusted proxies
    /// only ends at the left-most of them.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for.flat_map(|v| v.split(',')).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = forwarded_address(hop) else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`) or in brackets.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
        .map(|ip: IpAddr| ip.to_canonical())
}

/// How webhooks are delivered (see `crate::webhooks`).
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    /// Deliver to loopback and private addresses, and over plain http
    /// (`COOPSANTE_WEBHOOKS_ALLOW_PRIVATE`): for tests and closed networks only.
    pub allow_private: bool,
    /// Waits before each retry of a failed delivery; after the last, it has failed.
    pub retries: Vec<Duration>,
    /// How long a receiver has to answer.
    pub timeout: Duration,
    /// How often each instance looks for changes to queue and deliveries to send.
    pub poll: Duration,
    /// How long a rotated secret keeps signing deliveries beside the new one
    /// (`COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS`); zero: it stops at once.
    pub secret_grace: Duration,
    /// Host names answered from here rather than DNS, as curl's `--resolve` does: for tests
    /// (a name that no DNS knows, mapped to a receiver on loopback). Empty in the service.
    pub resolve: Vec<(String, IpAddr)>,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        let minutes = |m: u64| Duration::from_secs(60 * m);
        Self {
            allow_private: false,
            // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: a little over 27 hours in all.
            retries: vec![
                Duration::from_secs(5),
                minutes(5),
                minutes(30),
                minutes(120),
                minutes(300),
                minutes(600),
                minutes(600),
            ],
            timeout: Duration::from_secs(15),
            poll: Duration::from_secs(1),
            secret_grace: Duration::from_secs(24 * 3600),
            resolve: Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct DbConfig {
    pub url: String,
    pub pool_size: usize,
    /// How long a request waits for a pooled connection before it gets a 503.
    pub acquire_timeout: Duration,
    /// The longest a statement may run (`statement_timeout`); then 503.
    pub statement_timeout: Duration,
    /// The longest a statement waits for a lock held elsewhere (`lock_timeout`); then 503.
    pub lock_timeout: Duration,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub bind: SocketAddr,
    pub workers: usize,
    /// The month (1–12) the federation's fiscal year starts in (4: April 1 to March 31).
    pub fiscal_year_start_month: u32,
    pub rate_limits: RateLimitConfig,
    /// Where every instance's rate limits are shared (`COOPSANTE_REDIS_URL`); none: each
    /// instance counts its own.
    pub redis_url: Option<String>,
    /// A streaming replica for the reads that tolerate a little lag
    /// (`COOPSANTE_READ_DATABASE_URL`); none: they read the primary.
    pub read_database_url: Option<String>,
    /// Where the LISTEN connection goes (`COOPSANTE_LISTEN_DATABASE_URL`, default
    /// `DATABASE_URL`): the primary itself when `DATABASE_URL` is a pooler in transaction mode.
    pub listen_database_url: Option<String>,
    /// How long the change feed can be followed back (`COOPSANTE_CHANGES_RETENTION_DAYS`).
    pub changes_retention: Duration,
    /// How long audit events are kept (`COOPSANTE_AUDIT_RETENTION_DAYS`); `None`: for as long
    /// as the database lives.
    pub audit_retention: Option<Duration>,
    pub webhooks: WebhookConfig,
    pub cors: CorsOrigins,
    /// Proxies whose `X-Forwarded-For` names the client (`COOPSANTE_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// The federation's time zone: "today" is the date there.
    pub timezone: chrono_tz::Tz,
    pub db: DbConfig,
    pub jwt: JwtConfig,
}

fn var(name: &'static str) -> Result<Option<String>, ConfigError> {
    match std::env::var(name) {
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(invalid(name, "is not valid UTF-8")),
    }
}

/// `COOPSANTE_AUDIT_RETENTION_DAYS`: unset, audit events are kept for good; set, at least a
/// year (the federation answers for a whole fiscal year) and never shorter than the feed's
/// retention (an audit event is never deleted while the feed can still serve it).
fn audit_retention(changes_days: u64) -> Result<Option<Duration>, ConfigError> {
    const VAR: &str = "COOPSANTE_AUDIT_RETENTION_DAYS";
    let Some(raw) = var(VAR)? else {
        return Ok(None);
    };
    let days: u64 = raw
        .trim()
        .parse()
        .map_err(|_| invalid(VAR, format!("expected a number of days, got {raw:?}")))?;
    if days < 365 {
        return Err(invalid(
            VAR,
            format!("must be at least 365 days (or unset: kept for good), got {days}"),
        ));
    }
    if days < changes_days {
        return Err(invalid(
            VAR,
            format!(
                "must not be shorter than COOPSANTE_CHANGES_RETENTION_DAYS ({changes_days}), got {days}"
            ),
        ));
    }
    Ok(Some(Duration::from_secs(
        86_400 * in_range(VAR, days, 365, 36_500)?,
    )))
}

/// An optional second database URL, `postgres://` as `DATABASE_URL`.
fn postgres_url(name: &'static str) -> Result<Option<String>, ConfigError> {
    match var(name)? {
        Some(url) if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) => {
            Err(invalid(name, "expected a postgres:// URL"))
        }
        url => Ok(url),
    }
}

fn parsed<T: std::str::FromStr>(
    name: &'static str,
    default: T,
    what: &str,
) -> Result<T, ConfigError> {
    match var(name)? {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| invalid(name, format!("expected {what}, got {v:?}"))),
    }
}

fn in_range(name: &'static str, value: u64, min: u64, max: u64) -> Result<u64, ConfigError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(invalid(
            name,
            format!("must be between {min} and {max}, got {value}"),
        ))
    }
}

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/coopsante";

impl DbConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let url = var("DATABASE_URL")?.unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(invalid("DATABASE_URL", "expected a postgres:// URL"));
        }
        let pool_size = in_range(
            "COOPSANTE_DB_POOL_SIZE",
            parsed("COOPSANTE_DB_POOL_SIZE", 16, "a number")?,
            1,
            1000,
        )?;
        let timeout_ms = in_range(
            "COOPSANTE_DB_TIMEOUT_MS",
            parsed("COOPSANTE_DB_TIMEOUT_MS", 2000, "milliseconds")?,
            10,
            60_000,
        )?;
        let statement_ms = in_range(
            "COOPSANTE_DB_STATEMENT_TIMEOUT_MS",
            parsed("COOPSANTE_DB_STATEMENT_TIMEOUT_MS", 10_000, "milliseconds")?,
            100,
            3_600_000,
        )?;
        let lock_ms = in_range(
            "COOPSANTE_DB_LOCK_TIMEOUT_MS",
            parsed("COOPSANTE_DB_LOCK_TIMEOUT_MS", 3_000, "milliseconds")?,
            10,
            3_600_000,
        )?;
        Ok(Self {
            url,
            pool_size: pool_size as usize,
            acquire_timeout: Duration::from_millis(timeout_ms),
            statement_timeout: Duration::from_millis(statement_ms),
            lock_timeout: Duration::from_millis(lock_ms),
        })
    }
}

impl JwtConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        const VAR: &str = "COOPSANTE_JWT_SECRET";
        let secret = var(VAR)?
            .ok_or_else(|| invalid(VAR, "is required (at least 32 bytes of random text)"))?;
        if secret.len() < 32 {
            return Err(invalid(VAR, "must be at least 32 bytes long"));
        }
        let kid = var("COOPSANTE_JWT_KID")?.unwrap_or_else(|| "1".to_owned());
        let previous = match (
            var("COOPSANTE_JWT_PREVIOUS_KID")?,
            var("COOPSANTE_JWT_PREVIOUS_SECRET")?,
        ) {
            (None, None) => None,
            (Some(old), Some(_)) if old == kid => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_KID",
                    "must differ from COOPSANTE_JWT_KID",
                ));
            }
            (Some(_), Some(old)) if old.len() < 32 => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_SECRET",
                    "must be at least 32 bytes long",
                ));
            }
            (Some(old_kid), Some(old)) => Some((old_kid, old.into_bytes())),
            (None, Some(_)) => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_KID",
                    "is required with COOPSANTE_JWT_PREVIOUS_SECRET",
                ));
            }
            (Some(_), None) => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_SECRET",
                    "is required with COOPSANTE_JWT_PREVIOUS_KID",
                ));
            }
        };
        let ttl = in_range(
            "COOPSANTE_TOKEN_TTL",
            parsed("COOPSANTE_TOKEN_TTL", 900, "seconds")?,
            60,
            86_400,
        )?;
        Ok(Self {
            secret: secret.into_bytes(),
            kid,
            previous,
            issuer: var("COOPSANTE_JWT_ISSUER")?.unwrap_or_else(|| "coopsante".to_owned()),
            audience: var("COOPSANTE_JWT_AUDIENCE")?.unwrap_or_else(|| "coopsante-api".to_owned()),
            ttl: Duration::from_secs(ttl),
        })
    }
}

impl Config {
    /// `COOPSANTE_TIMEZONE`, alone (commands that need no other setting read it).
    pub fn timezone_from_env() -> Result<chrono_tz::Tz, ConfigError> {
        match var("COOPSANTE_TIMEZONE")? {
            None => Ok(chrono_tz::America::Montreal),
            Some(zone) => zone.trim().parse().map_err(|_| {
                invalid(
                    "COOPSANTE_TIMEZONE",
                    format!("expected an IANA time zone such as America/Montreal, got {zone:?}"),
                )
            }),
        }
    }

    /// `COOPSANTE_BIND`, alone (the health check needs no secret).
    pub fn bind_from_env() -> Result<SocketAddr, ConfigError> {
        parsed(
            "COOPSANTE_BIND",
            SocketAddr::from(([127, 0, 0, 1], 8080)),
            "HOST:PORT",
        )
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let changes_days = in_range(
            "COOPSANTE_CHANGES_RETENTION_DAYS",
            parsed("COOPSANTE_CHANGES_RETENTION_DAYS", 90, "days")?,
            1,
            36_500,
        )?;
        Ok(Self {
            bind: Self::bind_from_env()?,
            workers: in_range(
                "COOPSANTE_WORKERS",
                parsed("COOPSANTE_WORKERS", cores as u64, "a number")?,
                1,
                256,
            )? as usize,
            fiscal_year_start_month: in_range(
                "COOPSANTE_FISCAL_YEAR_START_MONTH",
                parsed("COOPSANTE_FISCAL_YEAR_START_MONTH", 4, "a month number")?,
                1,
                12,
            )? as u32,
            rate_limits: RateLimitConfig {
                per_client: in_range(
                    "COOPSANTE_RATE_LIMIT",
                    parsed("COOPSANTE_RATE_LIMIT", 1200, "requests per minute")?,
                    1,
                    1_000_000,
                )? as u32,
                token_requests: in_range(
                    "COOPSANTE_TOKEN_RATE_LIMIT",
                    parsed("COOPSANTE_TOKEN_RATE_LIMIT", 30, "requests per minute")?,
                    1,
                    100_000,
                )? as u32,
            },
            redis_url: match var("COOPSANTE_REDIS_URL")? {
                None => None,
                Some(url) if url.starts_with("redis://") => Some(url),
                Some(_) => {
                    return Err(invalid(
                        "COOPSANTE_REDIS_URL",
                        "expected redis://[:PASSWORD@]HOST:PORT[/DB]",
                    ));
                }
            },
            read_database_url: postgres_url("COOPSANTE_READ_DATABASE_URL")?,
            listen_database_url: postgres_url("COOPSANTE_LISTEN_DATABASE_URL")?,
            changes_retention: Duration::from_secs(86_400 * changes_days),
            audit_retention: audit_retention(changes_days)?,
            webhooks: WebhookConfig {
                allow_private: match var("COOPSANTE_WEBHOOKS_ALLOW_PRIVATE")?.as_deref() {
                    None | Some("false") | Some("0") => false,
                    Some("true") | Some("1") => true,
                    Some(other) => {
                        return Err(invalid(
                            "COOPSANTE_WEBHOOKS_ALLOW_PRIVATE",
                            format!("expected true or false, got {other:?}"),
                        ));
                    }
                },
                secret_grace: Duration::from_secs(
                    3600 * in_range(
                        "COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS",
                        parsed("COOPSANTE_WEBHOOK_SECRET_GRACE_HOURS", 24, "hours")?,
                        0,
                        720,
                    )?,
                ),
                ..WebhookConfig::default()
            },
            cors: match var("COOPSANTE_CORS_ORIGINS")? {
                None => CorsOrigins::default(),
                Some(v) => {
                    CorsOrigins::parse(&v).map_err(|m| invalid("COOPSANTE_CORS_ORIGINS", m))?
                }
            },
            trusted_proxies: match var("COOPSANTE_TRUSTED_PROXIES")? {
                None => TrustedProxies::default(),
                Some(v) => TrustedProxies::parse(&v)
                    .map_err(|m| invalid("COOPSANTE_TRUSTED_PROXIES", m))?,
            },
            timezone: Self::timezone_from_env()?,
            db: DbConfig::from_env()?,
            jwt: JwtConfig::from_env()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn trusted_proxies_are_addresses_and_cidr_blocks_of_both_families() {
        let proxies = TrustedProxies::parse(" 10.0.0.0/8, 192.0.2.7 ,fd00::/8,::1").unwrap();
        for trusted in ["10.1.2.3", "192.0.2.7", "fd12::1", "::1", "::ffff:10.0.0.1"] {
            assert!(proxies.trusts(ip(trusted)), "{trusted}");
        }
        for untrusted in ["11.0.0.1", "192.0.2.8", "fe80::1", "127.0.0.1"] {
            assert!(!proxies.trusts(ip(untrusted)), "{untrusted}");
        }
        for bad in ["proxy.example", "10.0.0.0/33", "10.0.0.1-10.0.0.9", "*"] {
            let error = TrustedProxies::parse(&format!("10.0.0.1,{bad}")).unwrap_err();
            assert!(error.contains(bad), "{error}");
        }
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }

    #[test]
    fn the_client_is_the_right_most_forwarded_address_that_is_not_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let client = |peer: &str, xff: &[&str]| proxies.client(ip(peer), xff.iter().copied());
        // An untrusted peer is the client, whatever it says.
        assert_eq!(client("203.0.113.9", &["198.51.100.1"]), ip("203.0.113.9"));
        // A trusted one: the address it saw, not what the client wrote before it.
        assert_eq!(client("10.0.0.2", &["198.51.100.1"]), ip("198.51.100.1"));
        assert_eq!(
            client("10.0.0.2", &["1.1.1.1, 198.51.100.1"]),
            ip("198.51.100.1")
        );
        assert_eq!(
            client("10.0.0.2", &["1.1.1.1, 198.51.100.1, 10.0.0.3"]),
            ip("198.51.100.1"),
            "through two proxies"
        );
        assert_eq!(
            client("10.0.0.2", &["1.1.1.1", "198.51.100.1:4711"]),
            ip("198.51.100.1"),
            "several headers, a port"
        );
        assert_eq!(client("10.0.0.2", &["[2001:db8::5]"]), ip("2001:db8::5"));
        assert_eq!(client("10.0.0.2", &[]), ip("10.0.0.2"), "no header");
        assert_eq!(
            client("10.0.0.2", &["198.51.100.1, unknown"]),
            ip("10.0.0.2"),
            "not an address: the proxy that passed it on"
        );
        assert_eq!(client("10.0.0.2", &["10.0.0.4, 10.0.0.3"]), ip("10.0.0.4"));
        assert_eq!(
            client("::ffff:10.0.0.2", &["198.51.100.1"]),
            ip("198.51.100.1")
        );
    }
}
