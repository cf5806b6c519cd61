//! How the service reaches PostgreSQL: TLS as `sslmode` asks, and errors read by SQLSTATE.

mod locale;
mod tls;
