//! An outside system's credentials (a partner's integration, a co-op's front end, a script):
//! whom it acts as, validated as a whole. The secret itself is the auth layer's.

use crate::i18n::msg;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::fields::{self, Fields};
use super::ids::{CooperativeId, PartnerId};
use super::role::Role;
use super::text::Name;
use super::{FieldError, Invalid};

/// A new API client, as an admin asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiClient {
    pub name: Name,
    pub binding: Binding,
    /// After this instant the client gets no new token.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A role with what it is bound to; no other combination can be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    Admin,
    Reader,
    CoopManager(CooperativeId),
    Partner(PartnerId),
}

impl Binding {
    pub fn role(self) -> Role {
        match self {
            Binding::Admin => Role::Admin,
            Binding::Reader => Role::Reader,
            Binding::CoopManager(_) => Role::CoopManager,
            Binding::Partner(_) => Role::Partner,
        }
    }

    pub fn cooperative_id(self) -> Option<CooperativeId> {
        match self {
            Binding::CoopManager(id) => Some(id),
            _ => None,
        }
    }

    pub fn partner_id(self) -> Option<PartnerId> {
        match self {
            Binding::Partner(id) => Some(id),
            _ => None,
        }
    }

    /// The binding of `role` to these ids, or the field at fault.
    pub fn new(
        role: Role,
        cooperative_id: Option<CooperativeId>,
        partner_id: Option<PartnerId>,
    ) -> Result<Self, (&'static str, Invalid)> {
        let required = |field, role: Role| {
            (
                field,
                Invalid::new("required", msg!("required-for-role", role = role.as_str())),
            )
        };
        let absent = |field, role: Role| {
            (
                field,
                Invalid::new(
                    "not_applicable",
                    msg!("absent-for-role", role = role.as_str()),
                ),
            )
        };
        match (role, cooperative_id, partner_id) {
            (Role::CoopManager, Some(coop), None) => Ok(Binding::CoopManager(coop)),
            (Role::CoopManager, None, _) => Err(required("cooperative_id", role)),
            (Role::Partner, None, Some(partner)) => Ok(Binding::Partner(partner)),
            (Role::Partner, _, None) => Err(required("partner_id", role)),
            (Role::CoopManager, Some(_), Some(_)) => Err(absent("partner_id", role)),
            (Role::Partner, Some(_), Some(_)) => Err(absent("cooperative_id", role)),
            (_, Some(_), _) => Err(absent("cooperative_id", role)),
            (_, _, Some(_)) => Err(absent("partner_id", role)),
            (Role::Admin, None, None) => Ok(Binding::Admin),
            (Role::Reader, None, None) => Ok(Binding::Reader),
        }
    }
}

/// Fields a client may send, in the order the spec lists them.
pub const WRITABLE: &[&str] = &["name", "role", "cooperative_id", "partner_id", "expires_at"];

/// Fields the server sets.
pub const READ_ONLY: &[&str] = &[
    "id",
    "client_id",
    "client_secret",
    "previous_secret_until",
    "revoked_at",
    "last_used_at",
    "created_at",
    "updated_at",
    "version",
];

/// An instant as RFC 3339 (`2027-01-31T00:00:00Z`).
fn instant(v: &Value) -> Result<DateTime<Utc>, Invalid> {
    fields::string(|s| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| Invalid::format(msg!("datetime-format")))
    })(v)
}

impl NewApiClient {
    pub fn from_json(map: Map<String, Value>, now: DateTime<Utc>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let name = f.required("name", fields::string(Name::parse));
        let role = f.required("role", fields::string(Role::parse));
        let cooperative_id = f.optional("cooperative_id", fields::id::<CooperativeId>);
        let partner_id = f.optional("partner_id", fields::id::<PartnerId>);
        let expires_at = f.optional("expires_at", instant);
        if let Ok(Some(at)) = expires_at
            && at <= now
        {
            f.error("expires_at", Invalid::new("past", msg!("must-be-future")));
        }
        let binding = match (role, cooperative_id, partner_id) {
            (Some(role), Ok(coop), Ok(partner)) => match Binding::new(role, coop, partner) {
                Ok(binding) => Some(binding),
                Err((field, invalid)) => {
                    f.error(field, invalid);
                    None
                }
            },
            _ => None,
        };
        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (Some(name), Some(binding), Ok(expires_at)) = (name, binding, expires_at) else {
            unreachable!("a missing or invalid field is always reported");
        };
        Ok(Self {
            name,
            binding,
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const COOP: &str = "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d";

    fn parse(v: Value) -> Result<NewApiClient, Vec<String>> {
        let now = DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        NewApiClient::from_json(v.as_object().cloned().unwrap(), now).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| format!("{}:{}", e.field, e.code))
                .collect()
        })
    }

    #[test]
    fn a_role_comes_with_exactly_the_binding_it_needs() {
        // (body, the binding's role or the fields refused)
        let cases: &[(Value, Result<Role, &[&str]>)] = &[
            (
                json!({"name": "Script", "role": "reader"}),
                Ok(Role::Reader),
            ),
            (json!({"name": "Staff", "role": "admin"}), Ok(Role::Admin)),
            (
                json!({"name": "Site", "role": "coop_manager", "cooperative_id": COOP}),
                Ok(Role::CoopManager),
            ),
            (
                json!({"name": "SAGE", "role": "partner", "partner_id": COOP}),
                Ok(Role::Partner),
            ),
            (
                json!({"name": "Site", "role": "coop_manager"}),
                Err(&["cooperative_id:required"]),
            ),
            (
                json!({"name": "SAGE", "role": "partner"}),
                Err(&["partner_id:required"]),
            ),
            (
                json!({"name": "Script", "role": "reader", "partner_id": COOP}),
                Err(&["partner_id:not_applicable"]),
            ),
            (
                json!({"name": "Script", "role": "admin", "cooperative_id": COOP}),
                Err(&["cooperative_id:not_applicable"]),
            ),
            (
                json!({"name": "Script", "role": "root"}),
                Err(&["role:enum"]),
            ),
            (
                json!({"role": "reader", "client_secret": "x"}),
                Err(&["client_secret:read_only", "name:required"]),
            ),
            (
                json!({"name": "Script", "role": "reader", "expires_at": "2020-01-01T00:00:00Z"}),
                Err(&["expires_at:past"]),
            ),
            (
                json!({"name": "Script", "role": "reader", "expires_at": "tomorrow"}),
                Err(&["expires_at:format"]),
            ),
        ];
        for (body, expected) in cases {
            let got = parse(body.clone());
            match (expected, got) {
                (Ok(role), Ok(client)) => assert_eq!(client.binding.role(), *role, "{body}"),
                (Err(fields), Err(mut errors)) => {
                    errors.sort();
                    let mut fields: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
                    fields.sort();
                    assert_eq!(errors, fields, "{body}");
                }
                (expected, got) => panic!("{body}: expected {expected:?}, got {got:?}"),
            }
        }
    }
}
