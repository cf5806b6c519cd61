//! One CSV record from any view, straight from its `Serialize` impl: each field's value is
//! written into its column's cell, with no JSON value built in between (building one per row,
//! then looking each column up in it, was most of an export's time).
//!
//! Cells read as the view's JSON does: null and absent fields are empty, arrays are `a;b`,
//! nested objects are their JSON text. A text starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so that a spreadsheet opening the export shows it
//! instead of running it as a formula (OWASP's CSV injection advice).

use std::fmt::{self, Display, Write as _};

use serde::ser::{self, Impossible, Serialize};

/// The cells of one record, reused from row to row.
pub struct Cells<'c> {
    columns: &'c [String],
    cells: Vec<String>,
    /// The column the next field most likely fills (fields come in column order).
    next: usize,
}

impl<'c> Cells<'c> {
    pub fn new(columns: &'c [String]) -> Self {
        Self {
            columns,
            cells: vec![String::new(); columns.len()],
            next: 0,
        }
    }

    /// Fills the cells from `item`'s fields; fields it leaves out are empty.
    pub fn fill<T: Serialize + ?Sized>(&mut self, item: &T) -> Result<&[String], Error> {
        self.cells.iter_mut().for_each(String::clear);
        self.next = 0;
        item.serialize(Record(self))?;
        Ok(&self.cells)
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        let at = if self.columns.get(self.next).is_some_and(|c| c == name) {
            Some(self.next)
        } else {
            self.columns.iter().position(|c| c == name)
        };
        // A field without a column (none in our views) has nowhere to go.
        let Some(at) = at else { return Ok(()) };
        self.next = at + 1;
        write_cell(&mut self.cells[at], value)
    }
}

/// Appends a value to a cell: scalars as text, arrays' items joined by `;`, objects as JSON.
fn write_cell<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    let start = out.len();
    match value.serialize(Cell { out: &mut *out }) {
        Err(Error::Nested) => {
            out.truncate(start);
            let json = serde_json::to_string(value).map_err(|e| Error::Custom(e.to_string()))?;
            out.push_str(&json);
            Ok(())
        }
        other => other,
    }
}

#[derive(Debug)]
pub enum Error {
    /// An object where a cell holds a scalar or a list: written as JSON instead.
    Nested,
    /// A view that is not a struct or a map.
    NotARecord,
    Custom(String),
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Nested => f.write_str("a nested value where a cell was expected"),
            Error::NotARecord => f.write_str("only a struct or a map makes a CSV record"),
            Error::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }
}

/// What a text starts with when a spreadsheet would run it as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The guard against formulas, applied to every text (also each text of a list).
fn push_text(out: &mut String, text: &str) {
    if text.starts_with(FORMULA_STARTS) {
        out.push('\'');
    }
    out.push_str(text);
}

/// Serialises one value into a cell.
struct Cell<'a> {
    out: &'a mut String,
}

macro_rules! display {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            write!(self.out, "{v}").map_err(|e| Error::Custom(e.to_string()))
        })*
    };
}

impl<'a> ser::Serializer for Cell<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = List<'a>;
    type SerializeTuple = List<'a>;
    type SerializeTupleStruct = List<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    display!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // As JSON writes it (`1.0`, `0.25`); not a number is null there, empty here.
        if let Some(n) = serde_json::Number::from_f64(v) {
            write!(self.out, "{n}").map_err(|e| Error::Custom(e.to_string()))?;
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_text(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_text(self.out, v);
        Ok(())
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        // Dates and timestamps come this way: written in place, then guarded.
        let start = self.out.len();
        write!(self.out, "{value}").map_err(|e| Error::Custom(e.to_string()))?;
        if self.out[start..].starts_with(FORMULA_STARTS) {
            self.out.insert(start, '\'');
        }
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(Error::Nested)
    }

    fn serialize_none(self) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(Error::Nested)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<List<'a>, Error> {
        Ok(List {
            out: self.out,
            first: true,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<List<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<List<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error::Nested)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error::Nested)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Error::Nested)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error::Nested)
    }
}

/// The items of an array cell, separated by `;` (an array's items in turn, an object as JSON).
struct List<'a> {
    out: &'a mut String,
    first: bool,
}

impl List<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.out.push(';');
        }
        self.first = false;
        write_cell(self.out, value)
    }
}

impl ser::SerializeSeq for List<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTuple for List<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for List<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// The serializer methods a record or a key does not take: each refuses with `$error`.
macro_rules! refuse {
    ($error:expr) => {
        fn serialize_bool(self, _: bool) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_i8(self, _: i8) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_i16(self, _: i16) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_i32(self, _: i32) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_i64(self, _: i64) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_u8(self, _: u8) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_u16(self, _: u16) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_u32(self, _: u32) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_u64(self, _: u64) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_f32(self, _: f32) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_f64(self, _: f64) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_char(self, _: char) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_none(self) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_unit(self) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Error> {
            Err($error)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
            Err($error)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
            Err($error)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Error> {
            Err($error)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Error> {
            Err($error)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Error> {
            Err($error)
        }
    };
}

/// The top level of a view: a struct, or a map (a struct with `#[serde(flatten)]` fields).
struct Record<'r, 'c>(&'r mut Cells<'c>);

impl<'r, 'c> ser::Serializer for Record<'r, 'c> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = RecordMap<'r, 'c>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    refuse!(Error::NotARecord);

    fn serialize_str(self, _: &str) -> Result<(), Error> {
        Err(Error::NotARecord)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<RecordMap<'r, 'c>, Error> {
        Ok(RecordMap {
            cells: self.0,
            key: String::new(),
        })
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
}

impl ser::SerializeStruct for Record<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.0.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

struct RecordMap<'r, 'c> {
    cells: &'r mut Cells<'c>,
    key: String,
}

impl ser::SerializeMap for RecordMap<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key.clear();
        key.serialize(Key(&mut self.key))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = std::mem::take(&mut self.key);
        let result = self.cells.field(&key, value);
        self.key = key;
        result
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// A map's key, as text.
struct Key<'k>(&'k mut String);

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    refuse!(Error::NotARecord);

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.push_str(v);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error::NotARecord)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Error::NotARecord)
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::{Value, json};

    use super::Cells;

    /// What a cell was defined as before: the field's JSON value, flattened.
    fn from_json(value: &Value) -> String {
        match value {
            Value::Null => String::new(),
            Value::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(from_json).collect::<Vec<_>>().join(";"),
            other => other.to_string(),
        }
    }

    fn check<T: Serialize>(item: &T, columns: &[&str]) -> Vec<String> {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        let value = serde_json::to_value(item).unwrap();
        let expected: Vec<String> = columns.iter().map(|c| from_json(&value[c])).collect();
        let mut cells = Cells::new(&columns);
        let got = cells.fill(item).unwrap().to_vec();
        assert_eq!(got, expected);
        // Cells are reused: a second row starts empty.
        assert_eq!(cells.fill(item).unwrap(), expected.as_slice());
        got
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Solidarity,
    }

    #[derive(Serialize)]
    struct Inner {
        a: i32,
        b: Option<String>,
    }

    #[derive(Serialize)]
    struct Row {
        id: uuid::Uuid,
        name: String,
        formula: String,
        dash: String,
        kind: Kind,
        count: i64,
        ratio: f64,
        whole: f64,
        not_a_number: f64,
        missing: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<i32>,
        flag: bool,
        list: Vec<String>,
        empty_list: Vec<String>,
        nested: Inner,
        nested_list: Vec<Inner>,
        on: chrono::NaiveDate,
        at: chrono::DateTime<chrono::Utc>,
    }

    fn row() -> Row {
        Row {
            id: uuid::Uuid::nil(),
            name: "Coop santé, \"Montréal\" 🩺\nsecond line".into(),
            formula: "=HYPERLINK(\"x\")".into(),
            dash: "-5".into(),
            kind: Kind::Solidarity,
            count: -42,
            ratio: 0.25,
            whole: 3.0,
            not_a_number: f64::NAN,
            missing: None,
            skipped: None,
            flag: true,
            list: vec!["psychology".into(), "+1".into()],
            empty_list: vec![],
            nested: Inner { a: 1, b: None },
            nested_list: vec![Inner {
                a: 2,
                b: Some("x".into()),
            }],
            on: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            at: chrono::DateTime::from_timestamp(1_764_000_000, 123_000_000).unwrap(),
        }
    }

    const COLUMNS: [&str; 18] = [
        "id",
        "name",
        "formula",
        "dash",
        "kind",
        "count",
        "ratio",
        "whole",
        "not_a_number",
        "missing",
        "skipped",
        "flag",
        "list",
        "empty_list",
        "nested",
        "nested_list",
        "on",
        "at",
    ];

    #[test]
    fn cells_are_the_json_values_flattened() {
        let cells = check(&row(), &COLUMNS);
        assert_eq!(cells[1], row().name);
        assert_eq!(cells[2], "'=HYPERLINK(\"x\")");
        assert_eq!(cells[3], "'-5");
        assert_eq!(cells[5], "-42");
        assert_eq!(cells[7], "3.0");
        assert_eq!(cells[8], "");
        assert_eq!(cells[10], "");
        assert_eq!(cells[12], "psychology;'+1");
        assert_eq!(cells[14], r#"{"a":1,"b":null}"#);
        assert_eq!(cells[15], r#"{"a":2,"b":"x"}"#);
        assert_eq!(cells[16], "2026-11-28");
    }

    #[test]
    fn columns_in_another_order_or_unknown_get_their_own_values() {
        let mut columns = COLUMNS.to_vec();
        columns.reverse();
        columns.push("not_a_field");
        let cells = check(&row(), &columns);
        assert_eq!(cells.last().unwrap(), "");
    }

    #[test]
    fn flattened_fields_land_in_their_columns() {
        #[derive(Serialize)]
        struct Outer {
            id: i32,
            #[serde(flatten)]
            inner: Inner,
            extra: HashMapless,
        }
        #[derive(Serialize)]
        struct HashMapless(Vec<i32>);
        let item = Outer {
            id: 7,
            inner: Inner {
                a: 8,
                b: Some("@home".into()),
            },
            extra: HashMapless(vec![1, 2]),
        };
        let cells = check(&item, &["id", "a", "b", "extra"]);
        assert_eq!(cells, ["7", "8", "'@home", "1;2"]);
        let deep =
            json!({"id": 1, "tags": [["a", "b"], [{"c": null}], [], "=d"], "deep": {"x": [1]}});
        let cells = check(&deep, &["id", "tags", "deep"]);
        assert_eq!(cells, ["1", r#"a;b;{"c":null};;'=d"#, r#"{"x":[1]}"#]);
    }

    #[test]
    fn a_value_that_is_no_record_is_refused() {
        let columns = vec!["a".to_string()];
        assert!(Cells::new(&columns).fill(&42).is_err());
        assert!(Cells::new(&columns).fill(&"text").is_err());
    }
}
