//! The documented 200 of lists and histories: a page as JSON, or every row as CSV or NDJSON,
//! with `Link` to the next page.

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};

use crate::routes::pagination::Listed;

/// The documented 200 of a list: a page as JSON, or every row as CSV or NDJSON, with `Link`
/// to the next page. `responses(ListResponses<Partner>)` in a list's `#[utoipa::path]`.
pub struct ListResponses<V>(std::marker::PhantomData<V>);

impl<V: Listed> utoipa::IntoResponses for ListResponses<V> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let description = format!(
            "One page of {}, or with `format=csv|ndjson` every matching one",
            V::PLURAL
        );
        list_response(&description, V::PAGE, &V::name())
    }
}

/// The documented 200 of a history: the audit events of one resource.
pub struct HistoryResponses;

impl utoipa::IntoResponses for HistoryResponses {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        list_response(
            "One page of the resource's audit events, newest first, or with `format=csv|ndjson` every one",
            "AuditEventPage",
            "AuditEvent",
        )
    }
}

fn list_response(description: &str, page: &str, item: &str) -> BTreeMap<String, RefOr<Response>> {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let response = ResponseBuilder::new()
        .description(description)
        .header(
            "Link",
            HeaderBuilder::new()
                .schema(Some(string()))
                .description(Some("`<…>; rel=\"next\"` when there is a next page"))
                .build(),
        )
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(page)))
                .build(),
        )
        .content(
            "text/csv",
            ContentBuilder::new().schema(Some(string())).build(),
        )
        .content(
            "application/x-ndjson",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(item)))
                .build(),
        )
        .build();
    BTreeMap::from([("200".to_owned(), RefOr::T(response))])
}
