//! Cursor pagination shared by every list: `limit` and an opaque `cursor` that records
//! where the previous page ended (keyset), so pages stay stable while rows are inserted.

use crate::i18n::msg;
use actix_web::HttpRequest;
use actix_web::http::header::{HeaderName, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::Sha256;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::db::list::ListConn;
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::error::ApiError;
use crate::routes::export::{self, Fetch, Format};

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

/// `limit`, `cursor` and `format`: the query of a list that takes nothing else. Lists with filters
/// declare the same two fields beside theirs (serde cannot flatten them and still refuse
/// unknown parameters) and check them with [`Paging::parse`].
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    pub limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    pub cursor: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every row from `cursor` on, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    pub format: Option<String>,
}

/// A checked `limit` and the position where the requested page starts.
pub struct Paging<P> {
    /// The page size.
    pub limit: i64,
    /// The position of the previous page's last row, for the sort `sort`.
    pub after: Option<P>,
    sort: &'static str,
}

impl<P: Serialize + DeserializeOwned> Paging<P> {
    /// Checks `limit` and a cursor made for `sort`; problems are added to `errors`.
    pub fn parse(
        errors: &mut Vec<FieldError>,
        limit: Option<Limit>,
        cursor: Option<&str>,
        sort: &'static str,
    ) -> Self {
        Self {
            limit: self::limit(errors, limit),
            after: decode(errors, cursor, sort),
            sort,
        }
    }

    /// How many rows to fetch: one more than the page, to know whether another follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// A 200 with the page made of `rows` (fetched with [`Self::fetch`]): `{"items",
    /// "next_cursor"}` and a `Link` header to the next page, if any.
    pub fn respond<R, V: Listed>(
        &self,
        req: &HttpRequest,
        rows: Vec<R>,
        position: impl Fn(&R) -> P,
        view: impl Fn(R) -> V,
    ) -> actix_web::HttpResponse {
        let (rows, next_cursor) = page(rows, self.limit, |last| encode(self.sort, &position(last)));
        let items = rows.into_iter().map(view).collect();
        ok(req, next_cursor.as_deref()).json(Page { items, next_cursor })
    }
}

impl<P: Serialize + DeserializeOwned + Clone + 'static> Paging<P> {
    /// Answers a list request: a JSON page, or with `format` CSV/NDJSON every row from the
    /// cursor on (see `export`). A first page and an export are read in one snapshot and
    /// carry its `Changes-Cursor`, so a consumer can follow the change feed from there.
    /// `name` names the exported file (`cooperatives.csv`).
    pub async fn serve<R: 'static, V: Listed + 'static>(
        &self,
        req: &HttpRequest,
        pool: &DbPool,
        (format, name): (Format, &str),
        fetch: impl Fetch<R, P>,
        position: impl Fn(&R) -> P + 'static,
        view: impl Fn(R) -> V + 'static,
    ) -> Result<actix_web::HttpResponse, ApiError> {
        // JSON or an export, as `Accept` chose when `format` does not say.
        let mut response = if format == Format::Json {
            self.page(req, pool, fetch, position, view).await?
        } else {
            export::respond(
                pool,
                format,
                name,
                self.after.clone(),
                fetch,
                position,
                view,
            )
            .await?
        };
        crate::routes::accept::vary_on_accept(&mut response);
        Ok(response)
    }

    async fn page<R: 'static, V: Listed + 'static>(
        &self,
        req: &HttpRequest,
        pool: &DbPool,
        fetch: impl Fetch<R, P>,
        position: impl Fn(&R) -> P + 'static,
        view: impl Fn(R) -> V + 'static,
    ) -> Result<actix_web::HttpResponse, ApiError> {
        let mut conn = db::conn(pool).await?;
        let (rows, cursor) = match &self.after {
            // A first page carries the feed's head, read by the page's own statement; an
            // empty page has no row to carry it, so it is read again with the head beside.
            None => {
                let first = ListConn::with_head(&conn);
                let rows = fetch(&first, None, self.fetch()).await?;
                match first.head() {
                    Some(head) => (rows, Some(head)),
                    None => {
                        let (rows, head) =
                            db::changes::snapshot::pipelined(&mut conn, async |conn| {
                                fetch(&ListConn::plain(conn), None, self.fetch()).await
                            })
                            .await?;
                        (rows, Some(head))
                    }
                }
            }
            Some(after) => {
                let conn = ListConn::plain(&conn);
                (fetch(&conn, Some(after.clone()), self.fetch()).await?, None)
            }
        };
        let mut response = self.respond(req, rows, position, view);
        if let Some(cursor) = cursor
            && let Ok(value) = HeaderValue::from_str(&cursor.to_string())
        {
            response
                .headers_mut()
                .insert(HeaderName::from_static(export::CHANGES_CURSOR), value);
        }
        Ok(response)
    }
}

/// What a list returns: a page of `T` and where the next one starts. Every list has this
/// shape; each names it after its items in the spec (`CooperativePage`, …). Annotations
/// name it through an alias (`type CooperativePage = Page<Cooperative>`), since utoipa's
/// `body = ` does not take a generic type of ours.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// An item of a list: how the spec names and describes a page of it.
pub trait Listed: ToSchema + Serialize {
    /// The schema name of a page, e.g. `CooperativePage`.
    const PAGE: &'static str;
    /// What a page holds, e.g. `cooperatives`.
    const PLURAL: &'static str;
}

impl<T: Listed> PartialSchema for Page<T> {
    fn schema() -> RefOr<Schema> {
        let next_cursor = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(Some(
                "Pass as `cursor` to get the next page; null on the last page.",
            ));
        ObjectBuilder::new()
            .description(Some(format!("One page of {}.", T::PLURAL)))
            .property(
                "items",
                ArrayBuilder::new().items(Ref::from_schema_name(T::name())),
            )
            .required("items")
            .property("next_cursor", next_cursor)
            // Always sent (null on the last page): required, so that generated clients type it
            // `string | null` rather than also possibly absent.
            .required("next_cursor")
            .into()
    }
}

impl<T: Listed> ToSchema for Page<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        T::PAGE.into()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::name().into(), T::schema()));
        T::schemas(schemas);
    }
}

/// Checks `limit` (1..=500, default 50); an invalid one is reported in `errors` (and 0 returned).
fn limit(errors: &mut Vec<FieldError>, raw: Option<Limit>) -> i64 {
    Limit::checked(errors, raw, DEFAULT_LIMIT, MAX_LIMIT)
}

/// A `limit` as the client wrote it. Kept as text so that one that is not a number
/// (`limit=abc`, `limit=-1`) is a problem naming `limit`, like one out of range, instead of a
/// query string the extractor refuses without saying which parameter it could not read.
#[derive(Debug, Clone)]
pub struct Limit(String);

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Limit)
    }
}

impl Limit {
    /// The page size asked for (`default` when none), 1..=`max`; otherwise a problem naming
    /// `limit` is added to `errors` and 0 returned.
    pub fn checked(
        errors: &mut Vec<FieldError>,
        raw: Option<Limit>,
        default: u32,
        max: u32,
    ) -> i64 {
        let got = match raw {
            None => return i64::from(default),
            Some(Limit(text)) => text,
        };
        match got.trim().parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => i64::from(n),
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    "range",
                    msg!("limit-range", max = max, got = got),
                ));
                0
            }
        }
    }
}

/// What a cursor carries: the sort it was made for and the position of the last row.
#[derive(Serialize, Deserialize)]
struct Envelope<P> {
    sort: String,
    after: P,
}

/// The key cursors are signed with: set once at start (every instance derives the same one
/// from the token signing secret); a process that never sets it uses a random one.
static CURSOR_KEY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

pub fn set_cursor_key(key: Vec<u8>) {
    let _ = CURSOR_KEY.set(key);
}

fn cursor_mac() -> Hmac<Sha256> {
    let key = CURSOR_KEY.get_or_init(|| {
        let mut key = vec![0; 32];
        getrandom::fill(&mut key).expect("the system's random numbers");
        key
    });
    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length")
}

/// Bytes of MAC kept in a cursor: enough that guessing one is hopeless, short enough to keep
/// cursors readable in URLs.
const MAC_LEN: usize = 16;

/// `base64(JSON).base64(MAC)`: signed, so that a client cannot edit a cursor to make the
/// server compare with values it never produced (a NUL byte, a date out of range, a value
/// of another sort).
fn encode<P: Serialize>(sort: &str, after: &P) -> String {
    let json = serde_json::to_vec(&Envelope {
        sort: sort.to_owned(),
        after,
    })
    .unwrap_or_default();
    let mut mac = cursor_mac();
    mac.update(&json);
    let tag = mac.finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&json),
        URL_SAFE_NO_PAD.encode(&tag[..MAC_LEN])
    )
}

/// The JSON of a cursor whose signature is right, or nothing.
fn verified(cursor: &str) -> Option<Vec<u8>> {
    let (json, tag) = cursor.split_once('.')?;
    let (json, tag) = (
        URL_SAFE_NO_PAD.decode(json).ok()?,
        URL_SAFE_NO_PAD.decode(tag).ok()?,
    );
    let mut mac = cursor_mac();
    mac.update(&json);
    mac.verify_truncated_left(&tag).ok()?;
    (tag.len() == MAC_LEN).then_some(json)
}

/// Decodes a cursor made by [`encode`] for the same sort; an invalid one is reported in
/// `errors`. No cursor is the first page.
fn decode<P: DeserializeOwned>(
    errors: &mut Vec<FieldError>,
    cursor: Option<&str>,
    sort: &str,
) -> Option<P> {
    let cursor = cursor?;
    let invalid = |why| FieldError::new("cursor", "invalid", why);
    let envelope =
        verified(cursor).and_then(|bytes| serde_json::from_slice::<Envelope<P>>(&bytes).ok());
    match envelope {
        None => errors.push(invalid(msg!("cursor-invalid"))),
        Some(e) if e.sort != sort => errors.push(invalid(msg!("cursor-other-sort"))),
        Some(e) => return Some(e.after),
    }
    None
}

/// `Link: <…>; rel="next"` for the next page: the same request with the new cursor.
fn next_link(req: &HttpRequest, cursor: &str) -> (HeaderName, HeaderValue) {
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
fn page<T>(
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
fn ok(req: &HttpRequest, next_cursor: Option<&str>) -> actix_web::HttpResponseBuilder {
    let mut response = actix_web::HttpResponse::Ok();
    if let Some(cursor) = next_cursor {
        response.insert_header(next_link(req, cursor));
    }
    response
}

/// The format asked for (`format`, else `Accept`): an invalid `format` is reported in
/// `errors`; an `Accept` that allows none of the list's formats is a 406 naming them.
pub fn format(
    errors: &mut Vec<FieldError>,
    req: &HttpRequest,
    raw: Option<&str>,
) -> Result<Format, ApiError> {
    match Format::negotiate(req, raw) {
        Ok(format) => Ok(format),
        Err(export::Refused::Format(e)) => {
            errors.push(e);
            Ok(Format::Json)
        }
        Err(export::Refused::NotAcceptable) => Err(ApiError::NotAcceptable(Format::offered())),
    }
}

pub fn bad_query(errors: Vec<FieldError>) -> ApiError {
    ApiError::InvalidQuery(errors)
}
