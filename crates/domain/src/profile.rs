//! A resource's writable fields declared once. [`profile!`] takes the struct of validated
//! fields and derives from it what the rest of the code needs: the list of writable keys
//! ([`Profile::WRITABLE`]) and the reading of a JSON body field by field
//! ([`Profile::from_json`], one 422 naming every problem), and a merge patch
//! ([`Profile::patched`]). The same struct derives `ToSchema` (the documented request body)
//! and diesel's `Insertable`/`AsChangeset` (the columns), so a field is declared in one place.
//!
//! Each field's type says how it is read ([`Slot`]): a `T` is required, an `Option<T>` may be
//! absent or null, a `Vec<T>` is an array checked element by element. `T` is any
//! [`FieldValue`]: a domain value type that parses itself from JSON.

use serde_json::{Map, Value};

use super::FieldError;
use super::Invalid;
use super::fields::{self, Fields};
use super::patch::merge_patch;

/// A value a client writes in a JSON body, parsed into its validated type.
pub trait FieldValue: Sized {
    fn from_json(v: &Value) -> Result<Self, Invalid>;
}

impl FieldValue for bool {
    fn from_json(v: &Value) -> Result<Self, Invalid> {
        fields::boolean(v)
    }
}

/// A whole number within `MIN..=MAX` (a head count, an amount in dollars), stored as an
/// `integer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Integer)]
pub struct Whole<const MIN: i64, const MAX: i64>(i32);

impl<const MIN: i64, const MAX: i64> Whole<MIN, MAX> {
    pub fn get(self) -> i32 {
        self.0
    }
}

impl<const MIN: i64, const MAX: i64> FieldValue for Whole<MIN, MAX> {
    fn from_json(v: &Value) -> Result<Self, Invalid> {
        fields::whole(MIN, MAX)(v).map(Self)
    }
}

impl<const MIN: i64, const MAX: i64>
    diesel::serialize::ToSql<diesel::sql_types::Integer, diesel::pg::Pg> for Whole<MIN, MAX>
{
    fn to_sql<'b>(
        &'b self,
        out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
    ) -> diesel::serialize::Result {
        <i32 as diesel::serialize::ToSql<diesel::sql_types::Integer, diesel::pg::Pg>>::to_sql(
            &self.0,
            &mut out.reborrow(),
        )
    }
}

/// A calendar day in range ([`fields::Day`]).
impl FieldValue for chrono::NaiveDate {
    fn from_json(v: &Value) -> Result<Self, Invalid> {
        fields::date(v)
    }
}

/// How a field of a given type is read from the body: `None` when its problem was recorded.
pub trait Slot: Sized {
    fn read(f: &mut Fields, name: &str) -> Option<Self>;
}

impl<T: FieldValue> Slot for T {
    fn read(f: &mut Fields, name: &str) -> Option<Self> {
        f.required(name, T::from_json)
    }
}

impl<T: FieldValue> Slot for Option<T> {
    fn read(f: &mut Fields, name: &str) -> Option<Self> {
        f.optional(name, T::from_json).ok()
    }
}

impl<T: FieldValue> Slot for Vec<T> {
    fn read(f: &mut Fields, name: &str) -> Option<Self> {
        f.list(name, T::from_json)
    }
}

/// Fields the server sets on every resource.
pub const SERVER_SET: &[&str] = &["id", "created_at", "updated_at", "version"];

/// How a profile reads a body: every field, then the rules across them, recording each
/// problem; `None` when any field was refused. Written by [`profile!`].
pub trait Read: Sized {
    fn read(f: &mut Fields) -> Option<Self>;
}

/// The validated writable fields of a resource.
pub trait Profile: Read {
    /// Fields a client may write, in the order the spec lists them.
    const WRITABLE: &'static [&'static str];
    /// Fields the server sets: named in a body, they are refused as read-only.
    const READ_ONLY: &'static [&'static str] = SERVER_SET;

    /// Parses a whole profile: a create body, or a stored one with a merge patch applied.
    fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, Self::WRITABLE, Self::READ_ONLY);
        match Self::read(&mut f) {
            Some(p) if !f.has_errors() => Ok(p),
            _ => Err(f.into_errors()),
        }
    }

    /// Applies a JSON merge patch (RFC 7386) to the stored document and validates the result
    /// as a whole; the patch's keys are checked first, so `{"nmae": null}` is not lost.
    fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
    ) -> Result<Self, Vec<FieldError>> {
        merge_patch(current, patch, Self::WRITABLE, Self::READ_ONLY).validate(Self::from_json)
    }
}

/// Declares a profile struct and implements [`Profile`] for it from its fields. Attributes
/// (derives, `#[schema]`, `#[diesel]`, doc comments) pass through unchanged. A field may
/// give a default for when it is absent or null (`pub public: bool = false`). After the
/// struct, `read_only: [..];` replaces [`SERVER_SET`], and `check(Draft): path;` names the
/// rules across fields: `Draft` is declared with every field as an `Option` (`None` when
/// that field is invalid), so a rule is judged wherever its own fields are valid, and
/// `path` is a `fn(&Draft, &mut Fields)` that records what it refuses.
macro_rules! profile {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty $(= $default:expr)? ),* $(,)?
        }
        $(read_only: [$($ro:literal),* $(,)?];)?
        check($draft:ident): $check:path;
    ) => {
        $crate::profile::profile! {
            @struct $(#[$meta])* $name { $( $(#[$fmeta])* $field : $ty ),* }
            $([$($ro),*])?
        }

        /// The fields of a body as read, each `None` when it is invalid (see `profile!`).
        pub struct $draft {
            $( pub $field: Option<$ty>, )*
        }

        impl $crate::profile::Read for $name {
            fn read(f: &mut $crate::fields::Fields) -> Option<Self> {
                let draft = $draft {
                    $( $field: $crate::profile::profile!(@read f, $field, $ty $(, $default)?), )*
                };
                $check(&draft, f);
                Some(Self { $( $field: draft.$field?, )* })
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty $(= $default:expr)? ),* $(,)?
        }
        $(read_only: [$($ro:literal),* $(,)?];)?
    ) => {
        $crate::profile::profile! {
            @struct $(#[$meta])* $name { $( $(#[$fmeta])* $field : $ty ),* }
            $([$($ro),*])?
        }

        impl $crate::profile::Read for $name {
            fn read(f: &mut $crate::fields::Fields) -> Option<Self> {
                $( let $field = $crate::profile::profile!(@read f, $field, $ty $(, $default)?); )*
                Some(Self { $( $field: $field?, )* })
            }
        }
    };
    (@struct $(#[$meta:meta])* $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* }
        $([$($ro:literal),*])?
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::profile::Profile for $name {
            const WRITABLE: &'static [&'static str] = &[$(stringify!($field)),*];
            $(const READ_ONLY: &'static [&'static str] = &[$($ro),*];)?
        }
    };
    (@read $f:ident, $field:ident, $ty:ty) => {
        <$ty as $crate::profile::Slot>::read($f, stringify!($field))
    };
    (@read $f:ident, $field:ident, $ty:ty, $default:expr) => {
        <Option<$ty> as $crate::profile::Slot>::read($f, stringify!($field))
            .map(|v| v.unwrap_or($default))
    };
}
pub(crate) use profile;

/// Implements [`FieldValue`] (a JSON string parsed by the type's own `parse`) and storage
/// as text for a validated newtype over a `String` with `parse(&str)`; invoked beside the
/// type (it reads the inner string), which also derives `AsExpression` as text.
macro_rules! text_value {
    (const $n:ident: $($ty:ty),* $(,)?) => {$(
        $crate::profile::text_value!(@impl [const $n: usize] $ty);
    )*};
    ($($ty:ty),* $(,)?) => {$(
        $crate::profile::text_value!(@impl [] $ty);
    )*};
    (@impl [$($generics:tt)*] $ty:ty) => {
        impl<$($generics)*> $crate::profile::FieldValue for $ty {
            fn from_json(v: &serde_json::Value) -> Result<Self, $crate::Invalid> {
                $crate::fields::string(<$ty>::parse)(v)
            }
        }

        impl<$($generics)*> diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.0.as_str(),
                    &mut out.reborrow(),
                )
            }
        }
    };
}
pub(crate) use text_value;
