//! Cursor pagination shared by every list: `limit` and an opaque `cursor` that records
//! where the previous page ended (keyset), so pages stay stable while rows are inserted.

use actix_web::HttpRequest;
use actix_web::http::header::{HeaderName, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::error::{ApiError, FieldError};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// Checks `limit` (1..=500, default 50); an invalid one is reported in `errors` (and 0 returned).
pub fn limit(errors: &mut Vec<FieldError>, raw: Option<u32>) -> i64 {
    match raw.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => i64::from(n),
        n => {
            errors.push(FieldError::new(
                "limit",
                "range",
                format!("must be between 1 and {MAX_LIMIT}, got {n}"),
            ));
            0
        }
    }
}

/// What a cursor carries: the sort it was made for and the position of the last row.
#[derive(Serialize, Deserialize)]
struct Envelope<P> {
    sort: String,
    after: P,
}

pub fn encode<P: Serialize>(sort: &str, after: &P) -> String {
    let json = serde_json::to_vec(&Envelope {
        sort: sort.to_owned(),
        after,
    })
    .unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// Decodes a cursor made by [`encode`] for the same sort; an invalid one is reported in
/// `errors`. No cursor is the first page.
pub fn decode<P: DeserializeOwned>(
    errors: &mut Vec<FieldError>,
    cursor: Option<&str>,
    sort: &str,
) -> Option<P> {
    let cursor = cursor?;
    let invalid = |why: &str| FieldError::new("cursor", "invalid", why.to_owned());
    let envelope = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Envelope<P>>(&bytes).ok());
    match envelope {
        None => errors.push(invalid("is not a cursor returned by this API")),
        Some(e) if e.sort != sort => errors.push(invalid(
            "was made for another sort order; keep the same sort across pages",
        )),
        Some(e) => return Some(e.after),
    }
    None
}

/// `Link: <…>; rel="next"` for the next page: the same request with the new cursor.
pub fn next_link(req: &HttpRequest, cursor: &str) -> (HeaderName, HeaderValue) {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
        if k != "cursor" {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair("cursor", cursor);
    let link = format!("<{}?{}>; rel=\"next\"", req.path(), query.finish());
    let value = HeaderValue::from_str(&link).unwrap_or_else(|_| HeaderValue::from_static(""));
    (actix_web::http::header::LINK, value)
}

/// Splits the `limit + 1` rows a list query fetched into the page and the cursor of the next
/// one (present only when that extra row exists).
pub fn page<T>(
    mut rows: Vec<T>,
    limit: i64,
    cursor_of: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(cursor_of);
        (rows, next)
    } else {
        (rows, None)
    }
}

/// A 200 response with the `Link` header of the next page, if any.
pub fn ok(req: &HttpRequest, next_cursor: Option<&str>) -> actix_web::HttpResponseBuilder {
    let mut response = actix_web::HttpResponse::Ok();
    if let Some(cursor) = next_cursor {
        response.insert_header(next_link(req, cursor));
    }
    response
}

pub fn bad_query(errors: Vec<FieldError>) -> ApiError {
    ApiError::InvalidQuery(errors)
}
