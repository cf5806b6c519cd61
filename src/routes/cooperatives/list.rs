use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{Cooperative, CooperativePage};
use crate::auth::{Caller, Role};
use crate::db::cooperatives::{After, CooperativeRow, Filter, ListQuery, SortKey};
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::address::{Province, Region};
use crate::domain::cooperative::{FederationStatus, LegalForm, Service};
use crate::error::ApiResult;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::query;

/// Filters, order and page of the register. Filters take one value or several separated by
/// commas (any of them matches).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListCooperativesParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// `name` (default), `-name`, `member_since`, `-member_since`, `updated_at`, `-updated_at`.
    /// Ties are broken by id; co-ops without `member_since` come last.
    #[param(
        example = "-updated_at",
        pattern = r"^-?(name|member_since|updated_at)$"
    )]
    sort: Option<String>,
    /// `prospect`, `member`, `former`.
    #[param(
        example = "member",
        pattern = r"^(prospect|member|former)(,(prospect|member|former))*$"
    )]
    federation_status: Option<String>,
    /// Québec region codes, e.g. `06` or `03,06`.
    #[param(example = "06", pattern = r"^(0[1-9]|1[0-7])(,(0[1-9]|1[0-7]))*$")]
    region: Option<String>,
    /// Province codes, e.g. `QC` or `ON,NB`.
    #[param(example = "QC", pattern = r"^[A-Z]{2}(,[A-Z]{2})*$")]
    province: Option<String>,
    /// Legal forms, e.g. `solidarity`.
    #[param(example = "solidarity", pattern = r"^[a-z_]+(,[a-z_]+)*$")]
    legal_form: Option<String>,
    /// Co-ops offering any of these services, e.g. `psychology,nutrition`.
    #[param(example = "psychology", pattern = r"^[a-z_]+(,[a-z_]+)*$")]
    service: Option<String>,
    /// Words to find in the name or municipality, ignoring case and accents
    /// (`cooperative sante montreal` finds "Coop solidarité santé Montréal").
    #[param(example = "sante montreal")]
    q: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching row, streamed (`limit` is
    /// then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// The accepted `sort` values.
const SORTS: [(&str, SortKey, bool); 6] = [
    ("name", SortKey::Name, false),
    ("-name", SortKey::Name, true),
    ("member_since", SortKey::MemberSince, false),
    ("-member_since", SortKey::MemberSince, true),
    ("updated_at", SortKey::UpdatedAt, false),
    ("-updated_at", SortKey::UpdatedAt, true),
];

fn parse_sort(raw: Option<&str>) -> Result<(&'static str, SortKey, bool), FieldError> {
    let raw = raw.unwrap_or("name");
    SORTS
        .iter()
        .find(|(label, ..)| *label == raw)
        .copied()
        .ok_or_else(|| {
            FieldError::new(
                "sort",
                "enum",
                msg!("cooperatives-sort", value = format!("{raw:?}")),
            )
        })
}

impl ListCooperativesParams {
    /// The query of one page (one row more, to know whether another follows), and its paging.
    fn into_query(self) -> Result<(ListQuery, Paging<After>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let (sort_name, sort, descending) = parse_sort(self.sort.as_deref())
            .map_err(|e| errors.push(e))
            .unwrap_or(SORTS[0]);
        let paging =
            Paging::<After>::parse(&mut errors, self.limit, self.cursor.as_deref(), sort_name);
        let filter = Filter {
            federation_status: query::list(
                &mut errors,
                "federation_status",
                self.federation_status,
                FederationStatus::parse,
            ),
            region: query::list(&mut errors, "region", self.region, |s| {
                Region::parse(s).map(Region::code)
            }),
            province: query::list(&mut errors, "province", self.province, Province::parse),
            legal_form: query::list(&mut errors, "legal_form", self.legal_form, LegalForm::parse),
            services: query::list(&mut errors, "service", self.service, Service::parse),
            words: query::words(&mut errors, self.q),
        };
        if errors.is_empty() {
            Ok((
                ListQuery {
                    filter,
                    sort,
                    descending,
                    after: paging.after.clone(),
                    limit: paging.fetch(),
                },
                paging,
            ))
        } else {
            Err(errors)
        }
    }
}

/// List cooperatives
///
/// Admins, readers and co-op managers. Cursor-paginated: follow `next_cursor` (or the `Link`
/// header) until it is null; pages neither repeat nor skip rows when co-ops are added meanwhile.
#[utoipa::path(
    tag = "cooperatives",
    params(ListCooperativesParams),
    responses(
        (status = 200, description = "One page of cooperatives, or with `format=csv|ndjson` every matching row",
            content(
                (CooperativePage = "application/json"),
                (String = "text/csv", example = "id,name,legal_name,legal_form,...\n01937a4c-...,Coop solidarité santé Montréal,,solidarity,..."),
                (Cooperative = "application/x-ndjson"),
            ),
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives")]
pub async fn list_cooperatives(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListCooperativesParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(
        &[Role::Admin, Role::Reader, Role::CoopManager],
        msg!("may-read-the-register"),
    )?;
    let mut params = params.into_inner();
    let mut errors = Vec::new();
    let format =
        crate::routes::pagination::format(&mut errors, &req, params.format.take().as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let (query, paging) = params.into_query().map_err(bad_query)?;
    let sort = query.sort;
    let ListQuery {
        filter, descending, ..
    } = query;
    let fetch = fetch!(filter => |conn, after, limit| {
        let query = ListQuery {
            filter,
            sort,
            descending,
            after,
            limit,
        };
        db::cooperatives::list(conn, query)
    });
    let position = move |row: &CooperativeRow| After::of(row, sort);
    paging
        .serve(
            &req,
            &pool,
            (format, "cooperatives"),
            fetch,
            position,
            Cooperative::from,
        )
        .await
}
