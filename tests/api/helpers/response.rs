//! What a request got back, and the assertions tests make of it.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderMap, HeaderName};
use serde_json::Value;

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(HeaderName::from_bytes(name.as_bytes()).ok()?)
            .and_then(|v| v.to_str().ok())
    }

    /// The `field`s named in a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `field`s named in a problem's `errors`, sorted (for problems whose order is not
    /// the point).
    pub fn sorted_error_fields(&self) -> Vec<String> {
        let mut fields = self.error_fields();
        fields.sort();
        fields
    }

    /// The `items` of a page.
    #[track_caller]
    pub fn items(&self) -> &Vec<Value> {
        self.body["items"]
            .as_array()
            .unwrap_or_else(|| panic!("a page of items: {}", self.text))
    }

    /// The text `field` of each item of a page, in order.
    #[track_caller]
    pub fn texts(&self, field: &str) -> Vec<String> {
        self.items()
            .iter()
            .map(|item| {
                item[field]
                    .as_str()
                    .unwrap_or_else(|| panic!("{field} is text in {item}"))
                    .to_owned()
            })
            .collect()
    }

    /// Asserts that the problem's `detail` contains `needle`.
    #[track_caller]
    pub fn assert_detail_contains(&self, needle: &str) -> &Self {
        let detail = self.body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(needle), "{needle:?} not in: {}", self.text);
        self
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts a problem+json response with this status.
    #[track_caller]
    pub fn assert_problem(&self, status: u16) -> &Self {
        self.assert_status(status);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "body: {}",
            self.text
        );
        assert_eq!(self.body["status"], status);
        assert!(
            self.body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("https://coopsante.dev/problems/"))
        );
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(
            self.body["request_id"].as_str(),
            self.header("x-request-id"),
            "problem names the request id"
        );
        self
    }
}
