//! coopsante: the API of record of the Fédération québécoise des coopératives de santé.
//!
//! Layers, each using only those below it (a test below keeps it so):
//!
//! ```text
//! app, openapi, idempotency,  the actix App, the spec, middleware, the webhook worker
//!   bulkhead, webhooks, cors,
//!   limits, deprecation, metrics
//! routes                      HTTP handlers: extract, authorise, parse, call db, map to a view
//! auth, error, ratelimit,    callers and roles; ApiError -> problem+json; rate limits;
//!   clock                     the federation's "today"
//! db                          SQL only: the pool, one module per table group, Resource
//! domain, config              validated values and rules; settings (no I/O, no HTTP)
//! i18n                        messages in French and English (Fluent), by Accept-Language
//! schema                      the tables (diesel's `table!`), named by domain profiles and db
//! ```
//!
//! A request flows down `routes` -> `domain` (parse) -> `db` (store), and what `db` returns
//! flows back up as domain values and rows; nothing below imports what is above it.

// The layers below the HTTP service are crates of their own (crates/), so that none can name a
// layer above it: the compiler refuses. Their usual paths stay: `coopsante::db::…`.
pub use coopsante_config as config;
pub use coopsante_db as db;
pub use coopsante_domain as domain;
pub use coopsante_domain::schema;
pub use coopsante_i18n as i18n;

pub mod app;
pub mod auth;
pub mod bulkhead;
pub mod clock;
pub mod cors;
pub mod deprecation;
pub mod error;
pub mod healthcheck;
pub mod idempotency;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod ratelimit;
pub mod request_id;
pub mod routes;
pub mod seed;
pub mod webhooks;

#[cfg(test)]
mod layers {
    use std::path::{Path, PathBuf};

    /// Each layer and the modules of the crate it must not name.
    /// Each layer of this crate and the modules of the crate it must not name. The layers
    /// below (config, i18n, domain with the schema, db) are crates: naming a layer above them
    /// does not compile.
    const RULES: &[(&str, &[&str])] = &[
        (
            "error",
            &["auth", "routes", "app", "idempotency", "openapi"],
        ),
        ("auth", &["routes", "app", "idempotency", "openapi"]),
        ("routes", &["app", "idempotency", "openapi", "webhooks"]),
        ("ratelimit.rs", &["routes", "app", "idempotency", "openapi"]),
        ("ratelimit", &["routes", "app", "idempotency", "openapi"]),
    ];

    fn sources(path: &Path) -> Vec<PathBuf> {
        if path.is_file() {
            return vec![path.to_owned()];
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).expect("a source folder") {
            files.extend(sources(&entry.expect("a folder entry").path()));
        }
        files
    }

    #[test]
    fn no_layer_names_a_layer_above_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut violations = Vec::new();
        for (layer, forbidden) in RULES {
            for file in sources(&src.join(layer)) {
                let text = std::fs::read_to_string(&file).expect("a readable source file");
                for module in *forbidden {
                    if text.contains(&format!("crate::{module}::"))
                        || text.contains(&format!("crate::{module};"))
                        || text.contains(&format!("crate::{{{module}"))
                    {
                        violations.push(format!("{} names crate::{module}", file.display()));
                    }
                }
            }
        }
        assert!(
            violations.is_empty(),
            "layers point the wrong way:\n{}",
            violations.join("\n")
        );
    }
}
