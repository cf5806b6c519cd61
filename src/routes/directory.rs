//! `/v1/directory/cooperatives`: the public directory of current member co-ops. No token;
//! only public fields, so a front end can show it to anyone.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db;
use crate::db::cooperatives::{After, CooperativeRow, Filter, ListQuery, SortKey};
use crate::db::list::ListConn;
use crate::domain::address::Region;
use crate::domain::cooperative::{FederationStatus, Service};
use crate::domain::ids::CooperativeId;
use crate::error::ApiResult;
use crate::routes::export::{self, Format, fetch};
use crate::routes::pagination::{Listed, Page};
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::query;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_directory);
}

/// A member co-op as the public sees it.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "name": "Coop solidarité santé Montréal",
    "municipality": "Montréal",
    "region": "06",
    "services": ["family_medicine", "nursing", "psychology"],
    "website": "https://coopsantemontreal.example",
    "phone": "514 555-0199",
    "demo": false
}))]
pub struct DirectoryEntry {
    /// Stable identifier, for links and list keys.
    pub id: CooperativeId,
    pub name: String,
    pub municipality: String,
    /// Québec administrative region; null outside Québec.
    pub region: Option<String>,
    pub services: Vec<Service>,
    pub website: Option<String>,
    pub phone: Option<String>,
    /// An invented co-op of the demonstration data, not a real one.
    pub demo: bool,
}

impl From<CooperativeRow> for DirectoryEntry {
    fn from(r: CooperativeRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            municipality: r.municipality,
            region: r.region,
            services: r.services,
            website: r.website,
            phone: r.phone,
            demo: r.demo,
        }
    }
}

/// One page of the directory.
pub type DirectoryPage = Page<DirectoryEntry>;

impl Listed for DirectoryEntry {
    const PAGE: &'static str = "DirectoryPage";
    const PLURAL: &'static str = "the directory";
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DirectoryParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Québec region codes, e.g. `06` or `03,06`.
    #[param(example = "06", pattern = r"^(0[1-9]|1[0-7])(,(0[1-9]|1[0-7]))*$")]
    region: Option<String>,
    /// Co-ops offering any of these services.
    #[param(example = "psychology", pattern = r"^[a-z_]+(,[a-z_]+)*$")]
    service: Option<String>,
    /// Words to find in the name or municipality, ignoring case and accents.
    #[param(example = "sante montreal")]
    q: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: the whole directory, streamed.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const SORT: &str = "name";

/// The directory of member cooperatives
///
/// Public: no token needed. Current members only, sorted by name, with public fields only.
#[utoipa::path(
    tag = "directory",
    params(DirectoryParams),
    responses(
        (status = 200, description = "One page of the directory, or with `format=csv|ndjson` all of it",
            content(
                (DirectoryPage = "application/json"),
                (String = "text/csv"),
                (DirectoryEntry = "application/x-ndjson"),
            ),
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(())
)]
#[get("/directory/cooperatives")]
pub async fn list_directory(
    pool: web::Data<db::ReadPool>,
    params: web::Query<DirectoryParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = crate::routes::pagination::format(&mut errors, &req, p.format.as_deref())?;
    let paging = Paging::<After>::parse(&mut errors, p.limit, p.cursor.as_deref(), SORT);
    let filter = Filter {
        federation_status: vec![FederationStatus::Member],
        region: query::list(&mut errors, "region", p.region, |s| {
            Region::parse(s).map(Region::code)
        }),
        services: query::list(&mut errors, "service", p.service, Service::parse),
        words: query::words(&mut errors, p.q),
        ..Filter::default()
    };
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    if format != Format::Json {
        let fetch = fetch!(filter => |conn, after, limit| {
            let query = ListQuery {
                filter,
                sort: SortKey::Name,
                descending: false,
                after,
                limit,
            };
            db::cooperatives::list(conn, query)
        });
        let position = |row: &CooperativeRow| After::of(row, SortKey::Name);
        let mut response = export::respond(
            &pool,
            format,
            "directory",
            paging.after,
            fetch,
            position,
            DirectoryEntry::from,
        )
        .await?;
        // The feed is for tokens; the public needs no position in it.
        response.headers_mut().remove(export::CHANGES_CURSOR);
        return Ok(response);
    }
    let conn = db::conn(&pool).await?;
    let query = ListQuery {
        filter,
        sort: SortKey::Name,
        descending: false,
        after: paging.after.clone(),
        limit: paging.fetch(),
    };
    let rows = db::cooperatives::list(&ListConn::plain(&conn), query).await?;
    let position = |last: &CooperativeRow| After::of(last, SortKey::Name);
    let mut response = paging.respond(&req, rows, position, DirectoryEntry::from);
    // Public and identical for everyone: shared caches may keep it briefly.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}
