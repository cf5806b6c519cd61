//! Webhook subscriptions: where to POST which changes, and the Standard Webhooks signature
//! (<https://www.standardwebhooks.com>) that lets a receiver check a delivery came from us.

use crate::i18n::msg;
use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use super::change::{ChangeAction, ResourceType};
use super::fields::{self, Fields};
use super::ids::PartnerId;
use super::patch::merge_patch;
use super::text::clean_line;
use super::{FieldError, Invalid, text_enum};
use crate::api_client::Binding;

text_enum! {
    /// Whether deliveries are made: `active`, `paused` by an admin, or `disabled` by the
    /// service (the receiver answered 410 Gone).
    pub enum WebhookStatus {
        Active = "active",
        Paused = "paused",
        Disabled = "disabled",
    }
}

text_enum! {
    /// Where one delivery stands: `pending` (waiting for its turn or a retry), `succeeded`,
    /// or `failed` after every retry.
    pub enum DeliveryStatus {
        Pending = "pending",
        Succeeded = "succeeded",
        Failed = "failed",
    }
}

/// An event name: `cooperative.updated`, or `cooperative.*` for all of a resource's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventFilter {
    pub resource: ResourceType,
    /// `None`: every action.
    pub action: Option<ChangeAction>,
}

impl EventFilter {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let bad = || {
            Invalid::format(msg!(
                "webhook-event-format",
                resources = ResourceType::followable_by(Binding::Admin)
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        };
        let (resource, action) = raw.split_once('.').ok_or_else(bad)?;
        let resource = ResourceType::parse(resource).map_err(|_| bad())?;
        if !ResourceType::followable_by(Binding::Admin).contains(&resource) {
            return Err(bad());
        }
        let action = match action {
            "*" => None,
            a => Some(ChangeAction::parse(a).map_err(|_| bad())?),
        };
        Ok(EventFilter { resource, action })
    }

    pub fn matches(&self, resource: ResourceType, action: ChangeAction) -> bool {
        self.resource == resource && self.action.is_none_or(|a| a == action)
    }
}

impl std::fmt::Display for EventFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.action {
            Some(a) => write!(f, "{}.{a}", self.resource),
            None => write!(f, "{}.*", self.resource),
        }
    }
}

/// Fields a client may send.
pub const WRITABLE: &[&str] = &["url", "events", "partner_id", "description", "status"];

/// Fields the server sets.
pub const READ_ONLY: &[&str] = &[
    "id",
    "secret",
    "disabled_reason",
    "secret_rotated_at",
    "created_at",
    "updated_at",
    "version",
];

/// A valid subscription.
#[derive(Debug, Clone)]
pub struct WebhookProfile {
    pub url: url::Url,
    pub events: Vec<EventFilter>,
    pub partner_id: Option<PartnerId>,
    pub description: Option<String>,
    pub status: WebhookStatus,
}

/// Where deliveries may go: https, or http too when private addresses are allowed (tests
/// and closed networks).
fn target(raw: &str, allow_http: bool) -> Result<url::Url, Invalid> {
    let url = url::Url::parse(raw).map_err(|_| Invalid::format(msg!("webhook-url-format")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        _ => return Err(Invalid::format(msg!("webhook-url-https"))),
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(Invalid::format(msg!("webhook-url-host")));
    }
    if raw.len() > 2000 {
        return Err(Invalid::new(
            "length",
            msg!("at-most-characters", max = 2000),
        ));
    }
    Ok(url)
}

impl WebhookProfile {
    pub fn from_json(map: Map<String, Value>, allow_http: bool) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let url = f.required("url", fields::string(|s| target(s, allow_http)));
        let events = f.list("events", fields::string(EventFilter::parse));
        let partner_id = f.optional("partner_id", fields::id::<PartnerId>);
        let description = f.optional("description", fields::string(|s| clean_line(s, 500)));
        let status = f.optional(
            "status",
            fields::string(|s| match WebhookStatus::parse(s)? {
                WebhookStatus::Disabled => {
                    Err(Invalid::new("enum", msg!("webhook-status-disabled")))
                }
                other => Ok(other),
            }),
        );
        if let Some(events) = &events {
            if events.is_empty() {
                f.error(
                    "events",
                    Invalid::new("required", msg!("webhook-events-required")),
                );
            }
            if let Ok(Some(_)) = partner_id {
                let allowed = ResourceType::followable_by(Binding::Partner(PartnerId::generate()));
                if let Some(e) = events.iter().find(|e| !allowed.contains(&e.resource)) {
                    f.error(
                        "events",
                        Invalid::new(
                            "not_visible",
                            msg!("webhook-events-not-visible", event = e.to_string()),
                        ),
                    );
                }
            }
        }
        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (Some(url), Some(mut events), Ok(partner_id), Ok(description), Ok(status)) =
            (url, events, partner_id, description, status)
        else {
            unreachable!("a missing or invalid field is always reported");
        };
        events.dedup();
        Ok(Self {
            url,
            events,
            partner_id,
            description,
            status: status.unwrap_or(WebhookStatus::Active),
        })
    }

    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
        allow_http: bool,
    ) -> Result<Self, Vec<FieldError>> {
        merge_patch(current, patch, WRITABLE, READ_ONLY)
            .validate(|doc| Self::from_json(doc, allow_http))
    }
}

/// True for addresses a webhook must not reach unless allowed: loopback, private,
/// link-local (cloud metadata at 169.254.169.254), unspecified, multicast, broadcast,
/// shared (CGNAT), documentation and unique-local IPv6.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
        }
    }
}

/// A new signing secret, in the Standard Webhooks form `whsec_<base64 of 32 bytes>`.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)?;
    Ok(format!("whsec_{}", STANDARD.encode(key)))
}

/// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the secret's key.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|k| STANDARD.decode(k).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// The `webhook-signature` header: one `v1,…` per secret, space separated, the current
/// secret first. Standard Webhooks receivers accept a delivery when any one matches, so one
/// still holding the secret a rotation replaced goes on verifying during the grace.
pub fn signatures(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|secret| signature(secret, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
