//! Settings, read once from the environment at start. A missing or invalid setting is one
//! clear line naming the variable, never a panic.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

mod http;
mod jwt;

pub use http::{CorsOrigins, TrustedProxies};
pub use jwt::JwtConfig;

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
mod tests;
