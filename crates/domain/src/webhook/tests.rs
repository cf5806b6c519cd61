//! Tests of `webhook`.

use super::*;
use serde_json::json;

#[test]
fn event_names_are_resource_dot_action_or_star() {
    assert_eq!(
        EventFilter::parse("cooperative.updated")
            .unwrap()
            .to_string(),
        "cooperative.updated"
    );
    assert_eq!(
        EventFilter::parse("service_agreement.*").unwrap().action,
        None
    );
    for bad in [
        "cooperative",
        "cooperative.renamed",
        "api_client.*",
        "coop.*",
        ".created",
        "",
    ] {
        assert!(EventFilter::parse(bad).is_err(), "{bad:?}");
    }
    let all = EventFilter::parse("enrollment.*").unwrap();
    assert!(all.matches(ResourceType::Enrollment, ChangeAction::Deleted));
    assert!(!all.matches(ResourceType::Cooperative, ChangeAction::Deleted));
}

#[test]
fn a_subscription_needs_an_https_url_and_events_a_partner_may_see() {
    let ok = |v: Value, http| WebhookProfile::from_json(v.as_object().cloned().unwrap(), http);
    let fields = |v: Value, http| -> Vec<String> {
        ok(v, http)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    };
    assert!(
        ok(
            json!({"url": "https://sage.example/hooks", "events": ["enrollment.*"]}),
            false
        )
        .is_ok()
    );
    assert_eq!(
        fields(
            json!({"url": "http://sage.example/hooks", "events": ["enrollment.*"]}),
            false
        ),
        ["url"]
    );
    assert!(
        ok(
            json!({"url": "http://127.0.0.1:9/h", "events": ["enrollment.*"]}),
            true
        )
        .is_ok()
    );
    assert_eq!(
        fields(
            json!({"url": "https://u:p@sage.example/", "events": []}),
            false
        ),
        ["url", "events"]
    );
    assert_eq!(
        fields(
            json!({"url": "https://sage.example/", "events": ["cooperative.*"],
            "partner_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d"}),
            false
        ),
        ["events"]
    );
    assert_eq!(
        fields(
            json!({"url": "https://sage.example/", "events": ["x"], "secret": "s"}),
            false
        ),
        ["secret", "events[0]"]
    );
    assert_eq!(
        fields(
            json!({"url": "https://sage.example/", "events": ["partner.*"], "status": "disabled"}),
            false
        ),
        ["status"]
    );
}

#[test]
fn private_and_special_addresses_are_recognised() {
    for ip in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ] {
        assert!(is_private(ip.parse().unwrap()), "{ip}");
    }
    for ip in ["8.8.8.8", "142.250.72.14", "2607:f8b0:4004:c07::6a"] {
        assert!(!is_private(ip.parse().unwrap()), "{ip}");
    }
}

#[test]
fn signatures_follow_standard_webhooks() {
    // The example of the Standard Webhooks specification.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let body = br#"{"test": 2432232314}"#;
    assert_eq!(
        signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
}

#[test]
fn during_a_rotation_both_secrets_sign_the_new_one_first() {
    let (new, old) = ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_b2xk");
    let (id, body) = ("msg_p5jXN8AQM9LWM0D4loKWxJek", br#"{"test": 2432232314}"#);
    assert_eq!(
        signatures(&[new, old], id, 1614265330, body),
        format!(
            "{} {}",
            signature(new, id, 1614265330, body),
            signature(old, id, 1614265330, body)
        )
    );
    assert_eq!(
        signatures(&[new], id, 1614265330, body),
        signature(new, id, 1614265330, body)
    );
}
