//! Proactive content negotiation (RFC 9110 §12.5.1): of the media types an operation offers,
//! the one the `Accept` header ranks highest by q-value, the most specific range deciding
//! each type's (`text/csv;q=0.1` beats `text/*` beats `*/*`). Ties go to the first offered.

use actix_web::http::header::{self, Header, HeaderValue, Quality};
use actix_web::{HttpRequest, HttpResponse};

/// Says that the answer depends on `Accept`, for caches. One `Vary` value, merged with any
/// already there: the CORS layer rewrites the first `Vary` and would drop a second one.
pub fn vary_on_accept(response: &mut HttpResponse) {
    let headers = response.headers_mut();
    let value = match headers.get(header::VARY).and_then(|v| v.to_str().ok()) {
        Some(v)
            if v.split(',')
                .any(|n| n.trim().eq_ignore_ascii_case("accept")) =>
        {
            return;
        }
        Some(v) => format!("{v}, Accept"),
        None => "Accept".to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::VARY, value);
    }
}

/// The value of the first of `offers` (media type, value) that `Accept` prefers, or `None`
/// when it allows none. No `Accept` (or one that does not parse, which RFC 9110 lets a server
/// disregard) accepts anything: the first offer.
pub fn choose<T: Copy>(req: &HttpRequest, offers: &[(&str, T)]) -> Option<T> {
    let first = offers.first().map(|(_, value)| *value);
    if !req.headers().contains_key(header::ACCEPT) {
        return first;
    }
    let Ok(accept) = header::Accept::parse(req) else {
        return first;
    };
    if accept.is_empty() {
        return first;
    }
    let mut best: Option<(Quality, T)> = None;
    for (media, value) in offers {
        let Some((kind, sub)) = media.split_once('/') else {
            continue;
        };
        // The most specific range that names this type gives its quality.
        let quality = accept
            .iter()
            .filter_map(|range| {
                let (rk, rs) = (range.item.type_().as_str(), range.item.subtype().as_str());
                let specificity = match (rk, rs) {
                    ("*", "*") => 1,
                    (k, "*") if k.eq_ignore_ascii_case(kind) => 2,
                    (k, s) if k.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(sub) => 3,
                    _ => return None,
                };
                Some((specificity, range.quality))
            })
            .max_by_key(|(specificity, _)| *specificity)
            .map(|(_, quality)| quality);
        if let Some(quality) = quality
            && quality > Quality::ZERO
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, *value));
        }
    }
    best.map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::choose;
    use actix_web::test::TestRequest;

    const OFFERS: [(&str, &str); 3] = [
        ("application/json", "json"),
        ("text/csv", "csv"),
        ("application/x-ndjson", "ndjson"),
    ];

    fn chosen(accept: Option<&str>) -> Option<&'static str> {
        let mut req = TestRequest::default();
        if let Some(accept) = accept {
            req = req.insert_header(("Accept", accept));
        }
        choose(&req.to_http_request(), &OFFERS)
    }

    #[test]
    fn the_highest_q_value_wins_and_ties_go_to_the_first_offer() {
        let cases = [
            (None, Some("json")),
            (Some("*/*"), Some("json")),
            (Some("application/json, text/csv;q=0.1"), Some("json")),
            (Some("text/csv"), Some("csv")),
            (Some("text/csv;q=0.5, application/json;q=0.4"), Some("csv")),
            (Some("application/x-ndjson"), Some("ndjson")),
            (Some("text/*"), Some("csv")),
            (Some("application/*"), Some("json")),
            (Some("text/csv, */*;q=0.1"), Some("csv")),
            (Some("*/*;q=0.1, text/csv;q=0"), Some("json")),
            (Some("application/json;q=0, */*"), Some("csv")),
            (Some("TEXT/CSV"), Some("csv")),
            (Some("text/html"), None),
            (Some("application/xml, text/html;q=0.9"), None),
            (Some("application/json;q=0"), None),
        ];
        for (accept, expected) in cases {
            assert_eq!(chosen(accept), expected, "Accept: {accept:?}");
        }
    }
}
