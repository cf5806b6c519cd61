//! Small groups in statistics: a group of fewer than [`MIN_COOPERATIVES`] co-ops would reveal
//! one co-op's figures to whoever knows the others, so for the roles outside the federation's
//! staff such groups are reported without figures. When what is withheld still adds up to
//! fewer co-ops than that, the smallest other groups are withheld too: otherwise the total
//! minus the shown groups would give the small group's figures back.

/// The fewest co-ops whose figures may be shown together.
pub const MIN_COOPERATIVES: i64 = 3;

/// Which groups, given their number of co-ops, must be withheld.
pub fn withheld(sizes: &[i64]) -> Vec<bool> {
    let mut withheld: Vec<bool> = sizes
        .iter()
        .map(|&n| n > 0 && n < MIN_COOPERATIVES)
        .collect();
    loop {
        let hidden: i64 = sizes
            .iter()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(n, _)| n)
            .sum();
        if hidden == 0 || hidden >= MIN_COOPERATIVES {
            return withheld;
        }
        // Withhold the smallest group still shown, if any is left.
        let next = sizes
            .iter()
            .enumerate()
            .filter(|(i, n)| !withheld[*i] && **n > 0)
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i);
        match next {
            Some(i) => withheld[i] = true,
            None => return withheld,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_groups_are_withheld_with_enough_others_to_hide_them() {
        // (co-ops per group, which are withheld)
        let cases: &[(&[i64], &[bool])] = &[
            (&[], &[]),
            (&[5, 3, 7], &[false, false, false]),
            (&[5, 1, 7, 2], &[false, true, false, true]),
            (&[5, 1, 7], &[true, true, false]),
            (&[4, 1, 3], &[false, true, true]),
            (&[2], &[true]),
            (&[1, 1], &[true, true]),
            (&[0, 6], &[false, false]),
        ];
        for (sizes, expected) in cases {
            assert_eq!(withheld(sizes), *expected, "sizes {sizes:?}");
        }
    }
}
