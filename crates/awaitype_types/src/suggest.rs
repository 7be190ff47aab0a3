//! "Did you mean ...?" suggestions for misspelled names and attributes: the closest candidate
//! by edit distance, if it is close enough to be a likely typo.

/// The candidate closest to `name`, when within a typo's distance of it.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count();
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name && !candidate.is_empty())
        // Lengths further apart than the limit cannot be within it (checked on bytes first,
        // which bound the characters from above, so most candidates cost nothing).
        .filter(|candidate| candidate.len() + limit >= length && candidate.chars().count().abs_diff(length) <= limit)
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// `"; did you mean `x`?"` or nothing.
pub(crate) fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(closest("byte_read", ["bytes_read", "pages"]), Some("bytes_read"));
        assert_eq!(closest("prnt", ["print", "int"]), Some("print"));
        assert_eq!(closest("x", ["y", "abc"]), Some("y"));
        assert_eq!(closest("completely", ["different"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
