//! Messages for people, in French (the federation's language, the default) or English.
//!
//! Code never holds a sentence: it names a Fluent message (`msg!("length-at-most", max = 200)`)
//! and the text lives in `locales/{fr,en}/*.ftl`, embedded in the binary at compile time.
//! The request's language comes from `Accept-Language` ([`negotiate`]); a middleware keeps it
//! in a task-local, like the request id, so problem details render in it ([`current`]).

use std::fmt;
use std::sync::LazyLock;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The languages messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The tag sent in `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// The resources of each language, in the order they are loaded.
pub const RESOURCES: &[(Lang, &str, &str)] = &[
    (
        Lang::Fr,
        "problems.ftl",
        include_str!("../../../locales/fr/problems.ftl"),
    ),
    (
        Lang::Fr,
        "permissions.ftl",
        include_str!("../../../locales/fr/permissions.ftl"),
    ),
    (
        Lang::Fr,
        "validation.ftl",
        include_str!("../../../locales/fr/validation.ftl"),
    ),
    (
        Lang::En,
        "problems.ftl",
        include_str!("../../../locales/en/problems.ftl"),
    ),
    (
        Lang::En,
        "permissions.ftl",
        include_str!("../../../locales/en/permissions.ftl"),
    ),
    (
        Lang::En,
        "validation.ftl",
        include_str!("../../../locales/en/validation.ftl"),
    ),
];

/// A value given to a message: text, a whole number (plurals select on it) or another
/// message, rendered in the same language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Message(Box<Message>),
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}

impl From<Message> for Arg {
    fn from(v: Message) -> Self {
        Arg::Message(Box::new(v))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Number(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i32, i64, u16, u32, u64, usize);

/// A message to a person: the Fluent id and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        render(lang, self)
    }
}

/// English, for logs; clients get [`Message::render`] in their language.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(Lang::En, self))
    }
}

/// `msg!("id")` or `msg!("id", name = value, …)`: a [`Message`]. The unit tests read these
/// calls in the sources to check every id and argument against the `.ftl` files.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::Message {
            id: $id,
            args: vec![$((stringify!($name), $crate::Arg::from($value))),*],
        }
    };
}

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| Lang::ALL.map(bundle));

fn bundle(lang: Lang) -> Bundle {
    let tag = lang.tag().parse().expect("fr and en are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // No Unicode isolation marks around arguments: the text goes into JSON, not a UI.
    bundle.set_use_isolating(false);
    for (of, name, source) in RESOURCES {
        if *of != lang {
            continue;
        }
        let resource = FluentResource::try_new((*source).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("locales/{}/{name}: {errors:?}", lang.tag()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{}/{name}: {errors:?}", lang.tag()));
    }
    bundle
}

fn bundle_of(lang: Lang) -> &'static Bundle {
    &BUNDLES[match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }]
}

/// `message` in `lang`. A missing id renders as the id itself and a missing argument as its
/// name (Fluent's own fallback): never a panic; the unit tests make both impossible.
pub fn render(lang: Lang, message: &Message) -> String {
    let bundle = bundle_of(lang);
    let Some(pattern) = bundle.get_message(message.id).and_then(|m| m.value()) else {
        log::warn!("no message {} in {}", message.id, lang.tag());
        return message.id.to_owned();
    };
    let mut args = FluentArgs::with_capacity(message.args.len());
    for (name, value) in &message.args {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Message(inner) => FluentValue::from(render(lang, inner)),
        };
        args.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
    if !errors.is_empty() {
        log::warn!("message {} in {}: {errors:?}", message.id, lang.tag());
    }
    text.into_owned()
}

/// The language to answer in, from an `Accept-Language` header: the acceptable language
/// (q > 0) of highest weight among French and English, French on ties, for `*`, for other
/// languages and without a header.
pub fn negotiate(accept_language: Option<&str>) -> Lang {
    let Some(header) = accept_language else {
        return Lang::Fr;
    };
    let mut best: Option<(Lang, u16)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .next()
            .map_or(Some(1000), quality);
        let Some(quality) = quality else { continue };
        let primary = range.split('-').next().unwrap_or("");
        let lang = match primary {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ => continue,
        };
        if quality == 0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((held, q)) => quality > q || (quality == q && lang == Lang::Fr && held != lang),
        };
        if better {
            best = Some((lang, quality));
        }
    }
    best.map_or(Lang::Fr, |(lang, _)| lang)
}

/// A q-value in thousandths (`0.8` -> 800); `None` when malformed.
fn quality(text: &str) -> Option<u16> {
    let value: f32 = text.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being served; French outside a request.
pub fn current() -> Lang {
    LANG.try_with(|lang| *lang).unwrap_or(Lang::Fr)
}

/// Runs `f` as if serving a request in `lang` (for tests and background work).
pub fn scope_sync<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    LANG.sync_scope(lang, f)
}

/// Serialises a message in the request's language (for `FieldError`).
pub fn serialize<S: serde::Serializer>(message: &Message, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&render(current(), message))
}

/// Negotiates the request's language and serves the request in it: handlers, extractors and
/// the middlewares below render their problems while it is set (as they do with the request
/// id).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let lang = negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    LANG.scope(lang, next.call(req)).await
}

#[cfg(test)]
mod tests;
