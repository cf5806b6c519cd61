//! How to reach a co-op: phone, e-mail, web site.

use super::Invalid;
use super::text::clean_line;
use crate::i18n::msg;

super::profile::text_value!(Phone, Email, Website, Neq);

/// A phone number as people write it ("418 622-1001", "+1 (514) 555-0199 poste 12"):
/// kept as given, but it must hold 10 to 15 digits before any extension.
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text = clean_line(raw, 40)?;
        let lower = text.to_lowercase();
        let main = ["poste", "ext.", "ext", "x"]
            .iter()
            .find_map(|sep| {
                lower
                    .split_once(sep)
                    .map(|(head, tail)| (head, tail.trim()))
            })
            .map_or(lower.as_str(), |(head, ext)| {
                if !ext.is_empty() && ext.len() <= 6 && ext.bytes().all(|b| b.is_ascii_digit()) {
                    head
                } else {
                    "!"
                }
            });
        let allowed = main
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits = main.chars().filter(char::is_ascii_digit).count();
        if !allowed || !(10..=15).contains(&digits) {
            return Err(Invalid::format(msg!("phone-format")));
        }
        Ok(Self(text))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An e-mail address: one `@`, a local part, a domain with a dot, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text = clean_line(raw, 254)?;
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && !text.chars().any(char::is_whitespace)
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
        if valid {
            Ok(Self(text))
        } else {
            Err(Invalid::format(msg!("email-format")))
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An absolute http(s) URL with a host.
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Website(String);

impl Website {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text = clean_line(raw, 2000)?;
        let url = url::Url::parse(&text).map_err(|_| Invalid::format(msg!("url-format")))?;
        if !matches!(url.scheme(), "http" | "https")
            || url.host_str().is_none_or(|h| !h.contains('.'))
        {
            return Err(Invalid::format(msg!("url-http-domain")));
        }
        Ok(Self(text))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The Québec enterprise number: exactly 10 digits (no published check digit).
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Neq(String);

impl Neq {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let compact: String = raw.chars().filter(|c| *c != ' ').collect();
        if compact.len() == 10 && compact.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(compact))
        } else {
            Err(Invalid::format(msg!("neq-format")))
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(Phone::parse("418 622-1001").is_ok());
        assert!(Phone::parse("+1 (514) 555-0199 poste 12").is_ok());
        assert!(Phone::parse("1-800-555-0199 ext. 3").is_ok());
        assert!(Phone::parse("622-1001").is_err(), "too few digits");
        assert!(Phone::parse("call us").is_err());
        assert!(Phone::parse("418 622-1001 poste douze").is_err());
    }

    #[test]
    fn emails() {
        assert!(Email::parse("info@coopsante.ca").is_ok());
        for bad in [
            "info",
            "info@",
            "@coop.ca",
            "a@b",
            "a b@coop.ca",
            "a@@coop.ca",
            "a@coop..ca",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn websites() {
        assert!(Website::parse("https://www.coopsante.ca/contact").is_ok());
        for bad in [
            "www.coop.ca",
            "ftp://coop.ca",
            "javascript:alert(1)",
            "https://localhost",
        ] {
            assert!(Website::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn neq_has_ten_digits() {
        assert_eq!(
            Neq::parse("1143 456 789").unwrap().into_inner(),
            "1143456789"
        );
        assert!(Neq::parse("114345678").is_err());
        assert!(Neq::parse("11434567890").is_err());
        assert!(Neq::parse("11434567a9").is_err());
    }
}
