//! Small helpers for the words almanac prints.

/// `1 page`, `2 pages`: a count with its noun in the right number. `noun` is
/// the singular; the plural adds an `s`, which every noun almanac counts takes.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_everything_else_plural() {
        for (count, expected) in [
            (0, "0 pages"),
            (1, "1 page"),
            (2, "2 pages"),
            (1000, "1000 pages"),
        ] {
            assert_eq!(plural(count, "page"), expected);
        }
        assert_eq!(plural(1, "stale page"), "1 stale page");
    }
}
