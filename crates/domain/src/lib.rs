//! Validated value types: once built, they hold only valid values, so the layers below
//! never re-check them. Requests are parsed into these ("parse, don't validate").

pub mod address;
pub mod agreement;
pub mod api_client;
pub mod board;
pub mod change;
pub mod contact;
pub mod cooperative;
pub mod enrollment;
pub mod event;
pub mod fields;
pub mod fiscal_year;
pub mod ids;
pub mod lifecycle;
pub mod membership;
pub mod objectives;
pub mod partner;
pub mod patch;
pub mod periods;
pub mod plans;
pub mod privacy;
pub mod profile;
pub mod project;
pub mod representation;
pub mod role;
/// The tables (diesel's `table!`): the profiles name their columns, db queries them.
pub mod schema;
pub mod text;
pub mod webhook;

// Messages for people; the macros below expand to `$crate::i18n::…` in other crates too.
#[doc(hidden)]
pub use coopsante_i18n as i18n;

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Message;

/// Why a single value is invalid: a machine-readable code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: Message,
}

impl Invalid {
    pub fn new(code: &'static str, message: Message) -> Self {
        Self { code, message }
    }

    pub fn format(message: Message) -> Self {
        Self::new("format", message)
    }
}

/// One invalid field of a request: which one, a machine-readable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The JSON field (or query parameter) at fault, as the client wrote it.
    #[schema(example = "postal_code")]
    pub field: String,
    /// Machine-readable reason: `required`, `type`, `format`, `length`, `unknown_field`, …
    #[schema(example = "format")]
    pub code: &'static str,
    /// Human-readable explanation, in the language negotiated from `Accept-Language`.
    #[schema(value_type = String, example = "code postal canadien attendu, par exemple H2X 1Y4")]
    #[serde(serialize_with = "crate::i18n::serialize")]
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: Message) -> Self {
        Self {
            field: field.into(),
            code,
            message,
        }
    }
}

/// What every [`text_enum!`] type offers, for code generic over one (a life cycle's
/// statuses); each type also has these as inherent methods, so callers need no import.
pub trait TextEnum: Copy + Eq + std::fmt::Debug + 'static {
    fn as_str(self) -> &'static str;
    fn parse(s: &str) -> Result<Self, Invalid>;
}

/// A closed set of lowercase snake_case values, stored and sent as text.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:tt,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, utoipa::ToSchema,
                 diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }

            pub fn parse(s: &str) -> Result<Self, $crate::Invalid> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err($crate::Invalid::new("enum", $crate::i18n::msg!("expected-one-of", values = Self::expected()))),
                }
            }

            pub fn expected() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl $crate::profile::FieldValue for $name {
            fn from_json(v: &serde_json::Value) -> Result<Self, $crate::Invalid> {
                $crate::fields::string(Self::parse)(v)
            }
        }

        impl $crate::TextEnum for $name {
            fn as_str(self) -> &'static str {
                // The inherent method, which paths prefer over the trait's.
                <$name>::as_str(self)
            }

            fn parse(s: &str) -> Result<Self, $crate::Invalid> {
                <$name>::parse(s)
            }
        }

        // Stored as text; a stored value that no longer parses is a database error, not a panic.
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(bytes: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg>>::from_sql(bytes)?;
                Self::parse(&text).map_err(|e| format!("stored {}: {}", stringify!($name), e.message).into())
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(self.as_str(), &mut out.reborrow())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
