//! Where a co-op is: Canadian province, postal code, and the Québec administrative region.

use super::{Invalid, text_enum};
use crate::i18n::msg;

text_enum! {
    /// Canadian province or territory (two-letter code).
    pub enum Province {
        Ab = "AB", Bc = "BC", Mb = "MB", Nb = "NB", Nl = "NL", Ns = "NS", Nt = "NT",
        Nu = "NU", On = "ON", Pe = "PE", Qc = "QC", Sk = "SK", Yt = "YT",
    }
}

impl Province {
    /// First letters of the postal codes of each province (Canada Post's forward sortation).
    fn postal_prefixes(self) -> &'static str {
        match self {
            Province::Nl => "A",
            Province::Ns => "B",
            Province::Pe => "C",
            Province::Nb => "E",
            Province::Qc => "GHJ",
            Province::On => "KLMNP",
            Province::Mb => "R",
            Province::Sk => "S",
            Province::Ab => "T",
            Province::Bc => "V",
            Province::Nt | Province::Nu => "X",
            Province::Yt => "Y",
        }
    }
}

/// A Canadian postal code, stored as `A1A 1A1` (upper case, one space).
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct PostalCode(String);

super::profile::text_value!(PostalCode);

impl PostalCode {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let b = compact.as_bytes();
        let letter = |c: u8, first: bool| {
            c.is_ascii_uppercase()
                && !b"DFIOQU".contains(&c)
                && !(first && (c == b'W' || c == b'Z'))
        };
        let ok = b.len() == 6
            && letter(b[0], true)
            && b[1].is_ascii_digit()
            && letter(b[2], false)
            && b[3].is_ascii_digit()
            && letter(b[4], false)
            && b[5].is_ascii_digit();
        if !ok {
            return Err(Invalid::format(msg!("postal-code-format")));
        }
        Ok(Self(format!("{} {}", &compact[..3], &compact[3..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A Québec administrative region, "01" to "17".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(u8);

pub const REGION_NAMES: [&str; 17] = [
    "Bas-Saint-Laurent",
    "Saguenay–Lac-Saint-Jean",
    "Capitale-Nationale",
    "Mauricie",
    "Estrie",
    "Montréal",
    "Outaouais",
    "Abitibi-Témiscamingue",
    "Côte-Nord",
    "Nord-du-Québec",
    "Gaspésie–Îles-de-la-Madeleine",
    "Chaudière-Appalaches",
    "Laval",
    "Lanaudière",
    "Laurentides",
    "Montérégie",
    "Centre-du-Québec",
];

impl Region {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let n = (raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_digit()))
            .then(|| raw.parse::<u8>().ok())
            .flatten()
            .filter(|n| (1..=17).contains(n));
        n.map(Self)
            .ok_or_else(|| Invalid::format(msg!("region-format")))
    }

    pub fn code(self) -> String {
        format!("{:02}", self.0)
    }
}

/// Province and region together: the region is present exactly when the province is QC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    province: Province,
    region: Option<Region>,
}

impl Location {
    /// Fails with the field to blame.
    pub fn new(
        province: Province,
        region: Option<Region>,
    ) -> Result<Self, (&'static str, Invalid)> {
        match (province, region) {
            (Province::Qc, None) => {
                Err(("region", Invalid::new("required", msg!("required-in-qc"))))
            }
            (p, Some(_)) if p != Province::Qc => {
                Err(("region", Invalid::new("not_applicable", msg!("only-in-qc"))))
            }
            _ => Ok(Self { province, region }),
        }
    }

    pub fn province(&self) -> Province {
        self.province
    }

    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// Does the postal code belong to this province?
    pub fn accepts(&self, postal: &PostalCode) -> bool {
        let first = postal.as_str().chars().next().unwrap_or(' ');
        self.province.postal_prefixes().contains(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_are_normalised() {
        assert_eq!(PostalCode::parse("h2x1y4").unwrap().as_str(), "H2X 1Y4");
        assert_eq!(PostalCode::parse(" G6E 3V7 ").unwrap().as_str(), "G6E 3V7");
    }

    #[test]
    fn postal_codes_refuse_forbidden_letters() {
        for bad in [
            "D2X 1Y4",
            "W2X 1Y4",
            "Z2X 1Y4",
            "H2O 1Y4",
            "H2X 1U4",
            "H2X1Y",
            "H2X 1Y4 5",
            "123 456",
        ] {
            assert!(PostalCode::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(
            PostalCode::parse("H2W 1Z4").is_ok(),
            "W and Z are fine after the first letter"
        );
    }

    #[test]
    fn regions_run_from_01_to_17() {
        assert_eq!(Region::parse("01").unwrap().code(), "01");
        assert_eq!(Region::parse("17").unwrap().code(), "17");
        for bad in ["00", "18", "1", "6", "+6", "06 ", "aa"] {
            assert!(Region::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn region_is_required_in_quebec_and_absent_elsewhere() {
        assert!(Location::new(Province::Qc, None).is_err());
        assert!(Location::new(Province::On, Region::parse("06").ok()).is_err());
        assert!(Location::new(Province::On, None).is_ok());
        let qc = Location::new(Province::Qc, Region::parse("06").ok()).unwrap();
        assert!(qc.accepts(&PostalCode::parse("H2X 1Y4").unwrap()));
        assert!(!qc.accepts(&PostalCode::parse("K1A 0B1").unwrap()));
    }
}
