//! `coopsante seed`: loads the federation's reference data, as its own documents state it
//! (annual report 2019-2020, national day 2020). Idempotent: a second run changes nothing.
//! Each part is one module; `run` applies them in order inside one transaction.

mod partners;
mod plans;
mod year;

use diesel_async::AsyncPgConnection;

use crate::db;

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
