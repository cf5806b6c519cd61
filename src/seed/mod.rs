//! `coopsante seed`: loads the federation's reference data, as its own documents state it
//! (annual report 2019-2020, national day 2020). Idempotent: a second run changes nothing.
//! Each part is one module; `run` applies them in order inside one transaction.

mod demo;
mod partners;
mod plans;
mod year;

use diesel_async::AsyncPgConnection;
use serde_json::{Map, Value};

use crate::db;

/// A document's fields, as the domain's parsers take them.
fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Seeded data the domain refuses: a mistake in this module, reported as a failed seed.
fn invalid(what: &str, errors: impl std::fmt::Debug) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(format!("seeded {what} is invalid: {errors:?}").into())
}

/// What one seeding step did, for the log.
#[derive(Debug, Default)]
pub struct Report {
    pub created: usize,
    pub unchanged: usize,
}

/// Loads every part of the reference data; all or nothing.
pub async fn run(
    conn: &mut AsyncPgConnection,
) -> Result<Vec<(&'static str, Report)>, diesel::result::Error> {
    db::write(conn, &db::Actor::command("seed"), async |conn| {
        let mut reports = Vec::new();
        // Each part pushes (name, report): `reports.push(("plans", plans::seed(conn).await?));`
        reports.push(("plans", plans::seed(conn).await?));
        reports.push(("partners", partners::seed(conn).await?));
        reports.push(("year", year::seed(conn).await?));
        Ok(reports)
    })
    .await
}

/// Loads the demonstration data (see `demo`) after the reference data; all or nothing.
pub async fn run_demo(
    conn: &mut AsyncPgConnection,
    today: chrono::NaiveDate,
) -> Result<Report, diesel::result::Error> {
    db::write(conn, &db::Actor::command("seed --demo"), async |conn| {
        demo::seed(conn, today).await
    })
    .await
}

/// Removes every demonstration record, and nothing else; all or nothing.
pub async fn remove_demo(
    conn: &mut AsyncPgConnection,
) -> Result<db::demo::Removed, diesel::result::Error> {
    db::write(
        conn,
        &db::Actor::command("seed --remove-demo"),
        db::demo::remove,
    )
    .await
}
