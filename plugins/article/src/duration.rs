//! Stay times as the radar shows them: `2分40秒`, `3时10分5秒`, `0秒`.
//! Always text, `0秒` for nothing (never the integer 0 the earlier system
//! answered for zero, or for whole hours with seconds).

/// `seconds` as text: `N秒`, `M分S秒`, `M分钟`, `H时M分S秒`, `H小时M分钟`, `H小时`.
pub fn stay_text(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    match (h, m, sec) {
        (0, 0, sec) => format!("{sec}秒"),
        (0, m, 0) => format!("{m}分钟"),
        (0, m, sec) => format!("{m}分{sec}秒"),
        (h, 0, 0) => format!("{h}小时"),
        (h, m, 0) => format!("{h}小时{m}分钟"),
        (h, m, sec) => format!("{h}时{m}分{sec}秒"),
    }
}

#[cfg(test)]
mod tests {
    use super::stay_text;

    #[test]
    fn formats_every_shape() {
        assert_eq!(stay_text(0), "0秒");
        assert_eq!(stay_text(-5), "0秒");
        assert_eq!(stay_text(35), "35秒");
        assert_eq!(stay_text(160), "2分40秒");
        assert_eq!(stay_text(120), "2分钟");
        assert_eq!(stay_text(2 * 3600 + 28 * 60 + 20), "2时28分20秒");
        assert_eq!(stay_text(3600 + 5), "1时0分5秒");
        assert_eq!(stay_text(3 * 3600 + 60), "3小时1分钟");
        assert_eq!(stay_text(7200), "2小时");
    }
}
