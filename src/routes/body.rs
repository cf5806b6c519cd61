//! The JSON object of a request body, read strictly: it must be an object, and a key given
//! twice is an error (serde_json would silently keep the last one).

use std::fmt;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::config::BATCH_LIMIT;

/// A JSON body of up to [`BATCH_LIMIT`] bytes, for batch endpoints; errors as for any body.
pub struct BatchJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for BatchJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::JsonBody::<T>::new(req, payload, None, true).limit(BATCH_LIMIT);
        let req = req.clone();
        Box::pin(async move {
            body.await
                .map(BatchJson)
                .map_err(|e| crate::error::json_error_handler(e, &req))
        })
    }
}

#[derive(Debug, Default)]
pub struct JsonObject(pub Map<String, Value>);

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = JsonObject;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<JsonObject, A::Error> {
                let mut map = Map::new();
                while let Some(key) = access.next_key::<String>()? {
                    if map.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    let value: Value = access.next_value()?;
                    map.insert(key, value);
                }
                Ok(JsonObject(map))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused() {
        let err = serde_json::from_str::<JsonObject>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate key `name`"), "{err}");
    }

    #[test]
    fn only_objects_are_accepted() {
        assert!(serde_json::from_str::<JsonObject>("[1, 2]").is_err());
        assert!(serde_json::from_str::<JsonObject>("\"x\"").is_err());
        assert_eq!(
            serde_json::from_str::<JsonObject>(r#"{"a": {"a": 1}}"#)
                .unwrap()
                .0
                .len(),
            1
        );
    }
}
