//! Text without case or Vietnamese diacritics, so "nguyen duc" finds "Nguyễn Đức".
//!
//! A table of the Vietnamese letters rather than Unicode decomposition: `đ`/`Đ` do not decompose,
//! the table runs (and is tested) on the host, and text typed with combining marks (decomposed
//! Vietnamese, as some keyboards write it) folds the same because the marks are dropped. Letters
//! of other scripts keep their case: Rust's full Unicode lower-casing cost 5.5 KiB gzip of wasm
//! (247.3 against 241.8 KiB) for names a Vietnamese shop hardly sees.

/// `text` folded: ASCII and Vietnamese letters in lower case without their marks, combining
/// marks dropped.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(&mut folded, c);
    }
    folded
}

/// [`fold`], with where each byte of the result came from: `origins[i]` is the byte offset in
/// `text` of the character that made byte `i`, and one more entry holds `text.len()`. A match
/// `a..b` in the folded text is `origins[a]..origins[b]` in `text`, marks included.
pub fn fold_with_origins(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let before = folded.len();
        push_folded(&mut folded, c);
        origins.resize(origins.len() + folded.len() - before, at);
    }
    origins.push(text.len());
    (folded, origins)
}

fn push_folded(folded: &mut String, c: char) {
    if c.is_ascii() {
        folded.push(c.to_ascii_lowercase());
    } else if !is_combining_mark(c) {
        folded.push(base_letter(c).unwrap_or(c));
    }
}

/// Combining diacritical marks (U+0300–U+036F): the tones and hats of decomposed text.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The unmarked lower-case letter of a Vietnamese letter with marks, or of `Đ`/`đ`.
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' | 'À' | 'Á' | 'Ả' | 'Ã' | 'Ạ' | 'Ă' | 'Ằ' | 'Ắ' | 'Ẳ' | 'Ẵ' | 'Ặ' | 'Â'
        | 'Ầ' | 'Ấ' | 'Ẩ' | 'Ẫ' | 'Ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' | 'È' | 'É' | 'Ẻ' | 'Ẽ'
        | 'Ẹ' | 'Ê' | 'Ề' | 'Ế' | 'Ể' | 'Ễ' | 'Ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' | 'Ì' | 'Í' | 'Ỉ' | 'Ĩ' | 'Ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' | 'Ò' | 'Ó' | 'Ỏ' | 'Õ' | 'Ọ' | 'Ô' | 'Ồ' | 'Ố' | 'Ổ' | 'Ỗ' | 'Ộ' | 'Ơ'
        | 'Ờ' | 'Ớ' | 'Ở' | 'Ỡ' | 'Ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' | 'Ù' | 'Ú' | 'Ủ' | 'Ũ'
        | 'Ụ' | 'Ư' | 'Ừ' | 'Ứ' | 'Ử' | 'Ữ' | 'Ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ' => 'y',
        'đ' | 'Đ' => 'd',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_folds_to_plain_lower_case() {
        assert_eq!(fold("Nguyễn Đức"), "nguyen duc");
        assert_eq!(fold("HÀ VĂN TRUYỀN"), "ha van truyen");
        assert_eq!(fold("Sữa Meiji số 9"), "sua meiji so 9");
        assert_eq!(fold("Quỳnh Ỷ Ợ Ự"), "quynh y o u");
        // Every precomposed Vietnamese vowel, in both cases.
        let lower = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        let folded = fold(lower);
        assert!(folded.chars().all(|c| "aeiouyd".contains(c)), "{folded}");
        assert_eq!(fold(&lower.to_uppercase()), folded);
    }

    #[test]
    fn decomposed_text_folds_like_precomposed() {
        // "Nguyễn" with e + circumflex + tilde as combining marks.
        assert_eq!(fold("Nguye\u{302}\u{303}n"), "nguyen");
        assert_eq!(fold("D\u{301}"), "d");
    }

    #[test]
    fn other_text_is_kept() {
        assert_eq!(fold("0913.911.427 @ Shop!"), "0913.911.427 @ shop!");
        assert_eq!(fold("ωmega 東京"), "ωmega 東京");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn origins_map_folded_matches_back_to_the_original() {
        for text in [
            "Nguyễn Đức",
            "Nguye\u{302}\u{303}n Đức",
            "İstanbul phở",
            "abc",
        ] {
            let (folded, origins) = fold_with_origins(text);
            assert_eq!(folded, fold(text));
            assert_eq!(origins.len(), folded.len() + 1);
            assert_eq!(origins.last(), Some(&text.len()));
            assert!(origins.windows(2).all(|w| w[0] <= w[1]));
            assert!(origins.iter().all(|&o| text.is_char_boundary(o)));
        }
        let text = "Bà Nguyễn Đức";
        let (folded, origins) = fold_with_origins(text);
        let at = folded.find("nguyen").unwrap_or(usize::MAX);
        assert_eq!(&text[origins[at]..origins[at + 6]], "Nguyễn");
        let text = "Nguye\u{302}\u{303}n!";
        let (folded, origins) = fold_with_origins(text);
        assert_eq!(
            &text[origins[0]..origins[folded.len() - 1]],
            "Nguye\u{302}\u{303}n"
        );
    }
}
