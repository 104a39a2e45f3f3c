//! "Did you mean …?" for misspelt keys, shared by `site.yaml` and front matter.

/// The known key closest to `unknown`, if any is close enough to be a plausible typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown_lower = unknown.to_lowercase();
    known
        .into_iter()
        .map(|key| (strsim::damerau_levenshtein(&unknown_lower, key), key))
        .filter(|(distance, key)| *distance <= (key.len() / 3).max(2))
        .min()
        .map(|(_, key)| key)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_not_strangers() {
        let known = ["base_url", "title", "taxonomies"];
        assert_eq!(closest("base_ulr", known), Some("base_url"));
        assert_eq!(closest("Title", known), Some("title"));
        assert_eq!(closest("taxonomy", known), Some("taxonomies"));
        assert_eq!(closest("colour_scheme", known), None);
    }
}
