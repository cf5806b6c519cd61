//! A term on the federation's board: a person's name, an office, the co-op they come from
//! when known, and the dates when known. Names and offices only: no other personal data.

use crate::i18n::msg;
use chrono::NaiveDate;
use diesel::prelude::{AsChangeset, Insertable};
use utoipa::ToSchema;

use super::fields::Fields;
use super::ids::CooperativeId;
use super::profile::profile;
use super::text::Name;
use super::{Invalid, text_enum};

text_enum! {
    /// The office held.
    pub enum Office {
        President = "president",
        VicePresident = "vice_president",
        Treasurer = "treasurer",
        Secretary = "secretary",
        Director = "director",
    }
}

profile! {
    /// A new board term.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema, Insertable, AsChangeset)]
    #[schema(
        as = BoardTermInput,
        example = json!({"person_name": "Nathalie Fréchette", "office": "treasurer", "public": true})
    )]
    #[diesel(table_name = crate::schema::board_terms, treat_none_as_null = true)]
    pub struct BoardTermProfile {
        /// 1–200 characters.
        #[schema(value_type = String, min_length = 1, max_length = 200)]
        pub person_name: Name,
        pub office: Office,
        /// An existing co-op (422 otherwise).
        pub cooperative_id: Option<CooperativeId>,
        #[diesel(column_name = from_on)]
        pub from: Option<NaiveDate>,
        /// Not before `from`.
        #[diesel(column_name = until_on)]
        pub until: Option<NaiveDate>,
        /// Defaults to false.
        #[schema(value_type = Option<bool>)]
        pub public: bool = false,
    }
    check(BoardTermDraft): BoardTermDraft::check;
}

impl BoardTermDraft {
    fn check(&self, f: &mut Fields) {
        if let (Some(Some(from)), Some(Some(until))) = (self.from, self.until)
            && until < from
        {
            f.error(
                "until",
                Invalid::new("date_order", msg!("not-before", other = "from")),
            );
        }
    }
}
