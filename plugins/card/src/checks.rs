//! Validation of the values a radar user types into their card.

/// A phone number: 3..=20 characters of digits, spaces and `+ - ( )`, with
/// at least three digits.
pub fn valid_phone(s: &str) -> bool {
    let len = s.chars().count();
    (3..=20).contains(&len)
        && s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
        && s.chars().filter(char::is_ascii_digit).count() >= 3
}

/// An e-mail address: something, `@`, something with a dot; or empty (unset).
pub fn valid_email(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Whether `s` has at most `max` characters.
pub fn within(s: &str, max: usize) -> bool {
    s.chars().count() <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(valid_phone("15931788975"));
        assert!(valid_phone("(010-4321095)"));
        assert!(valid_phone("+86 159 3178 8975"));
        assert!(!valid_phone("12"));
        assert!(!valid_phone("abc123456"));
        assert!(!valid_phone("---------"));
        assert!(!valid_phone("123456789012345678901"));
    }

    #[test]
    fn emails() {
        assert!(valid_email("12133@qq.com"));
        assert!(valid_email(""));
        assert!(!valid_email("12133qq.com"));
        assert!(!valid_email("@qq.com"));
        assert!(!valid_email("a@qq"));
        assert!(!valid_email("a b@qq.com"));
    }

    #[test]
    fn lengths_count_characters() {
        assert!(within("一生所爱", 4));
        assert!(!within("一生所爱~", 4));
    }
}
