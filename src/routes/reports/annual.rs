use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::views::AnnualReport;
use super::{assemble, html};
use crate::auth::{Caller, Role};
use crate::db;
use crate::domain::FieldError;
use crate::domain::fiscal_year::{FiscalYear, FiscalYearStart};
use crate::error::{ApiError, ApiResult};
use crate::routes::pagination::bad_query;
use crate::routes::today;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AnnualReportParams {
    /// The fiscal year as `YYYY-YYYY`, the second year following the first (1900–2100). It
    /// runs from April 1 to March 31 (`COOPSANTE_FISCAL_YEAR_START_MONTH` changes the month).
    #[param(required = true, value_type = String, example = "2019-2020", pattern = r"^[0-9]{4}-[0-9]{4}$")]
    fiscal_year: Option<String>,
    /// `json` (default) or `html` (a printable French page); without it, `Accept: text/html`
    /// asks for the page.
    #[param(example = "html", value_type = Option<ReportFormat>)]
    format: Option<String>,
}

/// The annual report's `?format=`: `json` (the default) or `html`, a printable French page.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Html,
}

/// True when the client asked for the HTML page: `format`, else `Accept` ranked by q-values
/// (JSON on a tie); an `Accept` that allows neither is a 406.
fn wants_html(
    errors: &mut Vec<FieldError>,
    req: &HttpRequest,
    format: Option<&str>,
) -> ApiResult<bool> {
    const OFFERED: [(&str, bool); 2] = [("application/json", false), ("text/html", true)];
    match format {
        Some("html") => Ok(true),
        Some("json") => Ok(false),
        Some(_) => {
            errors.push(FieldError::new(
                "format",
                "enum",
                msg!("expected-one-of", values = "json, html"),
            ));
            Ok(false)
        }
        None => crate::routes::accept::choose(req, &OFFERED)
            .ok_or_else(|| ApiError::NotAcceptable("application/json, text/html".to_owned())),
    }
}

/// The annual report of a fiscal year
///
/// Assembles, from recorded data only, what the federation's annual report states: member
/// co-ops at the start and end of the year and who joined or left; members by category at
/// year end (as `/v1/stats/membership`); events held with their attendance (and its source)
/// and presentations; projects with their funders; agreements signed, active and ended, and
/// enrolments; the progress of the plans in force; representations and their requests; the
/// board at year end. Each section's `completeness` counts what the records do not say
/// (co-ops without a count, projects without a dated status, undated representations,
/// events without attendance…): a missing figure is never reported as zero. Year-end figures
/// are read on the last day of the year, or today while it runs; a year not yet begun is a
/// 400. With `format=html` or `Accept: text/html`, the same report as a printable French
/// page. Admins and readers only.
#[utoipa::path(
    tag = "reports",
    params(AnnualReportParams),
    responses(
        (status = 200, description = "The report, as JSON or as a printable French HTML page",
            content(
                (AnnualReport = "application/json"),
                (String = "text/html", example = json!("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Rapport annuel 2019-2020</title>…</html>")),
            )),
    ),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/reports/annual")]
pub async fn get_annual_report(
    caller: Caller,
    pool: web::Data<db::ReadPool>,
    start: web::Data<FiscalYearStart>,
    params: web::Query<AnnualReportParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(
        &[Role::Admin, Role::Reader],
        msg!("may-read-the-annual-report"),
    )?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let html = wants_html(&mut errors, &req, p.format.as_deref())?;
    let year = match p.fiscal_year.as_deref() {
        None => Err(FieldError::new(
            "fiscal_year",
            "required",
            msg!("fiscal-year-required"),
        )),
        Some(raw) => FiscalYear::parse(raw, **start)
            .map_err(|e| FieldError::new("fiscal_year", e.code, e.message)),
    }
    .and_then(|year| {
        if year.starts_on() > today() {
            Err(FieldError::new(
                "fiscal_year",
                "range",
                msg!("fiscal-year-not-begun"),
            ))
        } else {
            Ok(year)
        }
    })
    .map_err(|e| errors.push(e));
    let (Ok(year), true) = (year, errors.is_empty()) else {
        return Err(bad_query(errors));
    };
    let as_of = year.ends_on().min(today());
    let mut conn = db::conn(&pool).await?;
    let (report, _) = db::changes::snapshot::read(&mut conn, async |conn| {
        assemble::annual(conn, year, as_of).await
    })
    .await?;
    let mut response = respond(&report, html)?;
    crate::routes::accept::vary_on_accept(&mut response);
    Ok(response)
}

fn respond(report: &AnnualReport, html: bool) -> ApiResult<HttpResponse> {
    if !html {
        return Ok(HttpResponse::Ok().json(report));
    }
    let page = html::render(report).map_err(|e| ApiError::Internal(Box::new(e)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page))
}
