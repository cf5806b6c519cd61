//! Operations on their way out of `/v1` (see CHANGELOG.md, "Versioning"). Each is listed once
//! in [`DEPRECATED`]: the spec marks it `deprecated: true` and says until when, and every answer
//! of it carries `Deprecation` (RFC 9745: since when) and `Sunset` (RFC 8594: after when it
//! may go), with a `Link` to its successor, so that clients and their tooling see it coming.

use actix_web::body::MessageBody;
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use chrono::NaiveDate;

/// An operation that is deprecated.
#[derive(Clone, Debug)]
pub struct Deprecated {
    pub method: &'static str,
    /// The documented path, with its `{parameters}`.
    pub path: &'static str,
    /// When it was deprecated.
    pub since: NaiveDate,
    /// After this day it may be removed: at least 6 months after `since`.
    pub sunset: NaiveDate,
    /// What to use instead (a path or a URL), sent as `Link: <…>; rel="successor-version"`.
    pub successor: Option<&'static str>,
}

/// Every deprecated operation. None yet.
pub fn current() -> Vec<Deprecated> {
    Vec::new()
}

impl Deprecated {
    /// The policy's minimum: 6 months between deprecation and sunset.
    pub fn respects_the_policy(&self) -> bool {
        self.since
            .checked_add_months(chrono::Months::new(6))
            .is_some_and(|earliest| self.sunset >= earliest)
    }

    fn headers(&self) -> Vec<(HeaderName, String)> {
        let since = self.since.and_time(chrono::NaiveTime::MIN).and_utc();
        let sunset = self.sunset.and_time(chrono::NaiveTime::MIN).and_utc();
        let mut headers = vec![
            // RFC 9745: a structured-field date, seconds since the epoch.
            (
                HeaderName::from_static("deprecation"),
                format!("@{}", since.timestamp()),
            ),
            // RFC 8594: an HTTP-date.
            (
                HeaderName::from_static("sunset"),
                sunset.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            ),
        ];
        if let Some(successor) = self.successor {
            headers.push((
                header::LINK,
                format!("<{successor}>; rel=\"successor-version\""),
            ));
        }
        headers
    }
}

/// The deprecated operations, matched against requests.
pub struct Deprecations(Vec<(ResourceDef, Deprecated)>);

impl Deprecations {
    pub fn new(list: Vec<Deprecated>) -> Self {
        Self(
            list.into_iter()
                .map(|d| (ResourceDef::new(d.path), d))
                .collect(),
        )
    }

    fn of(&self, method: &str, path: &str) -> Option<&Deprecated> {
        self.0
            .iter()
            .find(|(def, d)| d.method.eq_ignore_ascii_case(method) && def.is_match(path))
            .map(|(_, d)| d)
    }
}

/// Marks the deprecated operations in the spec, saying until when.
pub fn mark(api: &mut utoipa::openapi::OpenApi, list: &[Deprecated]) {
    use utoipa::openapi::Deprecated as Flag;
    for d in list {
        let Some(item) = api.paths.paths.get_mut(d.path) else {
            continue;
        };
        let operation = match d.method.to_ascii_uppercase().as_str() {
            "GET" => item.get.as_mut(),
            "POST" => item.post.as_mut(),
            "PUT" => item.put.as_mut(),
            "PATCH" => item.patch.as_mut(),
            "DELETE" => item.delete.as_mut(),
            _ => None,
        };
        if let Some(operation) = operation {
            operation.deprecated = Some(Flag::True);
            let note = format!(
                "\n\n**Deprecated** since {} (`Deprecation` header); it may be removed after {} \
                 (`Sunset` header).{}",
                d.since,
                d.sunset,
                d.successor
                    .map(|s| format!(" Use `{s}` instead."))
                    .unwrap_or_default()
            );
            operation
                .description
                .get_or_insert_with(String::new)
                .push_str(&note);
        }
    }
}

/// Adds the headers to every answer of a deprecated operation, errors included.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let deprecated = req
        .app_data::<web::Data<Deprecations>>()
        .and_then(|all| all.of(req.method().as_str(), req.path()))
        .map(Deprecated::headers);
    let mut res = next.call(req).await?;
    for (name, value) in deprecated.into_iter().flatten() {
        if let Ok(value) = HeaderValue::from_str(&value) {
            res.headers_mut().append(name, value);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::test as http;
    use actix_web::{App, HttpResponse};

    fn old() -> Deprecated {
        Deprecated {
            method: "GET",
            path: "/v1/old/{id}",
            since: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            sunset: NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
            successor: Some("/v1/new"),
        }
    }

    #[test]
    fn every_deprecated_operation_lives_at_least_six_months() {
        for d in current() {
            assert!(d.respects_the_policy(), "{d:?}");
        }
        assert!(old().respects_the_policy());
        let hasty = Deprecated {
            sunset: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            ..old()
        };
        assert!(!hasty.respects_the_policy());
    }

    #[actix_web::test]
    async fn a_deprecated_operation_answers_with_deprecation_sunset_and_its_successor() {
        let app = http::init_service(
            App::new()
                .app_data(web::Data::new(Deprecations::new(vec![old()])))
                .wrap(from_fn(middleware))
                .route("/v1/old/{id}", web::get().to(HttpResponse::Ok))
                .route("/v1/old/{id}", web::delete().to(HttpResponse::NoContent))
                .route("/v1/new", web::get().to(HttpResponse::Ok)),
        )
        .await;
        let res =
            http::call_service(&app, http::TestRequest::get().uri("/v1/old/7").to_request()).await;
        assert_eq!(res.status(), 200);
        let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("deprecation"), Some("@1798761600"));
        assert_eq!(header("sunset"), Some("Thu, 01 Jul 2027 00:00:00 GMT"));
        assert_eq!(header("link"), Some("</v1/new>; rel=\"successor-version\""));
        for req in [
            http::TestRequest::delete().uri("/v1/old/7"),
            http::TestRequest::get().uri("/v1/new"),
        ] {
            let res = http::call_service(&app, req.to_request()).await;
            assert!(res.status().is_success());
            assert!(res.headers().get("deprecation").is_none());
            assert!(res.headers().get("sunset").is_none());
        }
    }
}
