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
    use std::collections::{BTreeMap, BTreeSet};
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

    /// The module a file belongs to, for the cycle check: a top-level module, or a resource's
    /// folder under `routes/`.
    fn module_of(src: &Path, file: &Path) -> String {
        let parts: Vec<String> = file
            .strip_prefix(src)
            .expect("a file under src")
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [routes, sub, _, ..] if routes == "routes" => format!("routes::{sub}"),
            [routes, sub] if routes == "routes" && sub != "mod" => format!("routes::{sub}"),
            [top, ..] => top.clone(),
            [] => unreachable!("a file has a name"),
        }
    }

    /// The modules a file names (`crate::x`, `crate::{x, …}`, `crate::routes::y`), comments aside.
    fn named(text: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                let words: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                    group.split([',', '}']).map(str::trim).collect()
                } else {
                    vec![rest]
                };
                for word in words {
                    let mut path = word
                        .split("::")
                        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_'));
                    match (path.next(), path.next()) {
                        (Some("routes"), Some(sub)) if !sub.is_empty() => {
                            names.insert(format!("routes::{sub}"));
                        }
                        (Some(top), _) if !top.is_empty() => {
                            names.insert(top.to_owned());
                        }
                        _ => {}
                    }
                }
            }
        }
        names
    }

    #[test]
    fn no_two_modules_import_each_other_even_through_others() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in sources(&src) {
            if file.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let from = module_of(&src, &file);
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            let to = edges.entry(from.clone()).or_default();
            to.extend(
                named(&text)
                    .into_iter()
                    .filter(|m| *m != from && !from.starts_with(&format!("{m}::"))),
            );
        }
        // A cycle is an edge a -> b with a path back from b to a.
        let mut cycles = Vec::new();
        for (from, tos) in &edges {
            for to in tos {
                let (mut seen, mut stack) = (BTreeSet::new(), vec![to.clone()]);
                while let Some(at) = stack.pop() {
                    if at == *from {
                        cycles.push(format!("{from} -> {to} -> … -> {from}"));
                        break;
                    }
                    if seen.insert(at.clone()) {
                        stack.extend(edges.get(&at).into_iter().flatten().cloned());
                    }
                }
            }
        }
        assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
    }
}
