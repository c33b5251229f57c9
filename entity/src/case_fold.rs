//! Unicode simple case folding, the one fold behind every case-insensitive text comparison
//! (`iLike`, `notILike`, `searchQuery`), computed here rather than by the database so that
//! SQLite (whose `LOWER` folds ASCII only) and PostgreSQL (whose `LOWER` follows the server's
//! locale) give the same answer for any text.
//!
//! Simple folding (Unicode's `CaseFolding.txt`, statuses C and S) maps each character to one
//! character: `É`→`é`, `Σ`/`ς`→`σ`, `ẞ`→`ß`. It keeps the number of characters, so the `_`
//! of a pattern still stands for one character; it does not expand (`ß` stays `ß`, not `ss`)
//! and applies no language rule (`İ` stays `İ`). Unicode's case-folding stability policy
//! keeps the fold of an encoded character unchanged across Unicode versions, so a stored fold
//! never goes stale. Source: <https://www.unicode.org/Public/UCD/latest/ucd/CaseFolding.txt>.

use icu_casemap::CaseMapper;

/// `text` with every character replaced by its Unicode simple case folding.
pub fn fold(text: &str) -> String {
    let mapper = CaseMapper::new();
    text.chars().map(|c| mapper.simple_fold(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_beyond_ascii() {
        assert_eq!(fold("ÉCOLE"), fold("école"));
        assert_eq!(fold("ΣΊΣΥΦΟΣ"), fold("σίσυφος"));
        assert_eq!(fold("STRAẞE"), fold("straße"));
        assert_eq!(fold("Ab%_\\"), "ab%_\\");
    }

    #[test]
    fn keeps_the_number_of_characters() {
        for text in ["Straße", "İstanbul", "ǅemal", "ﬁle"] {
            assert_eq!(fold(text).chars().count(), text.chars().count(), "{text}");
        }
        assert_ne!(fold("STRASSE"), fold("straße"));
    }
}
