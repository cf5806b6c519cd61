use crate::i18n::msg;
use std::collections::HashMap;

use actix_web::{HttpResponse, post, web};
use serde_json::Value;

use super::views::{BatchOutcome, MembershipCountBatch};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::Invalid;
use crate::domain::fields::{self, Fields};
use crate::domain::ids::CooperativeId;
use crate::domain::membership::{FIELDS, MembershipCount, READ_ONLY};
use crate::error::{ApiError, ApiResult};
use crate::routes::body::{BatchJson, JsonObject};
use crate::routes::today;

pub const MAX_ITEMS: usize = 10_000;

/// Record or replace many counts at once
///
/// All or nothing: every row is checked first, and one 422 names every invalid row by index
/// and field (`items[3].users`); otherwise all rows are created or replaced (matched on
/// co-op and date) in one transaction. Up to 10,000 rows; the body may be up to 16 MiB.
/// Admins may write any co-op's counts, a co-op manager only its own.
#[utoipa::path(
    tag = "membership",
    request_body = MembershipCountBatch,
    responses(
        (status = 200, description = "Every row was written", body = BatchOutcome),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[post("/membership-counts:batch")]
pub async fn batch_membership_counts(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: BatchJson<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(
        &[Role::Admin, Role::CoopManager],
        msg!("may-write-membership-counts"),
    )?;
    let items = items(body.0.0)?;

    // First the co-op of every row, so that permissions and co-op facts need one query.
    let mut rows: Vec<(Fields, Option<CooperativeId>)> = items
        .into_iter()
        .enumerate()
        .map(|(i, map)| {
            let mut known = FIELDS.to_vec();
            known.push("cooperative_id");
            let mut f = Fields::nested(map, &known, READ_ONLY, &format!("items[{i}]."));
            let id = f.required("cooperative_id", fields::id);
            (f, id)
        })
        .collect();
    if !caller.is_admin()
        && rows
            .iter()
            .any(|(_, id)| id.is_some_and(|id| !caller.manages(id)))
    {
        return Err(ApiError::Forbidden(msg!("coop-manager-own-counts-write")));
    }
    let ids: Vec<CooperativeId> = rows.iter().filter_map(|(_, id)| *id).collect();
    let mut conn = db::conn(&pool).await?;
    let facts = db::membership::coop_facts(&mut conn, &ids).await?;

    let today = today();
    let mut seen = HashMap::new();
    let mut valid = Vec::with_capacity(rows.len());
    let mut errors: Vec<FieldError> = Vec::new();
    for (i, (f, id)) in rows.iter_mut().enumerate() {
        let coop = id.and_then(|id| facts.get(&id).map(|facts| (id, *facts)));
        if let (Some(_), None) = (id, coop) {
            f.error(
                "cooperative_id",
                Invalid::new("not_found", msg!("no-such-cooperative")),
            );
        }
        let count = MembershipCount::read(f, None, coop.map(|(_, facts)| facts), today);
        if let (Some((id, _)), Some(count)) = (coop, count) {
            if let Some(first) = seen.insert((id, count.as_of), i) {
                f.error(
                    "as_of",
                    Invalid::new("duplicate", msg!("batch-duplicate", first = first)),
                );
            }
            valid.push((id, count));
        }
    }
    for (f, _) in rows {
        errors.extend(f.into_errors());
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let written = db::write(&mut conn, &caller.actor(), async |conn| {
        db::membership::upsert_many(conn, valid).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(BatchOutcome { written }))
}

/// The `items` of the body: 1 to 10,000 objects.
fn items(
    body: serde_json::Map<String, Value>,
) -> Result<Vec<serde_json::Map<String, Value>>, ApiError> {
    let mut f = Fields::new(body, &["items"], &[]);
    let items = f.required("items", |v| match v {
        Value::Array(items) if items.is_empty() => Err(Invalid::new("length", msg!("batch-empty"))),
        Value::Array(items) if items.len() > MAX_ITEMS => Err(Invalid::new(
            "length",
            msg!("batch-too-long", max = MAX_ITEMS, got = items.len()),
        )),
        Value::Array(items) => Ok(items.clone()),
        _ => Err(Invalid::new("type", msg!("batch-not-array"))),
    });
    let mut rows = Vec::new();
    for (i, item) in items.unwrap_or_default().into_iter().enumerate() {
        match item {
            Value::Object(map) => rows.push(map),
            _ => f.error(
                &format!("items[{i}]"),
                Invalid::new("type", msg!("object-expected")),
            ),
        }
    }
    if f.has_errors() {
        Err(ApiError::Validation(f.into_errors()))
    } else {
        Ok(rows)
    }
}
