//! Display labels of stored codes.

/// The label of a relation `source` (1 QR scan … 5 video); empty when unknown.
pub fn source_label(source: u8) -> &'static str {
    match source {
        1 => "扫码",
        2 => "转发",
        3 => "搜索",
        4 => "公众号文章",
        5 => "公众号视频",
        _ => "",
    }
}

/// The label of a card `country` (1 domestic, 2 abroad); domestic by default.
pub fn country_label(country: u8) -> &'static str {
    match country {
        2 => "国外",
        _ => "国内",
    }
}

/// The label of a feedback `problem_type`, `None` when out of range.
pub fn problem_label(problem_type: i64) -> Option<&'static str> {
    match problem_type {
        1 => Some("客户服务"),
        2 => Some("功能异常"),
        3 => Some("产品建议"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        let labels: Vec<_> = (1..=5).map(source_label).collect();
        assert_eq!(labels, ["扫码", "转发", "搜索", "公众号文章", "公众号视频"]);
        assert_eq!(source_label(0), "");
    }

    #[test]
    fn countries() {
        assert_eq!(country_label(1), "国内");
        assert_eq!(country_label(2), "国外");
        assert_eq!(country_label(0), "国内");
    }

    #[test]
    fn problems() {
        assert_eq!(problem_label(2), Some("功能异常"));
        assert_eq!(problem_label(0), None);
        assert_eq!(problem_label(4), None);
    }
}
