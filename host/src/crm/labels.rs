//! Display labels of stored CRM codes.

/// The label of a relation `source` (1 QR scan … 5 public-account video);
/// empty when unknown.
pub fn source_label(source: i64) -> &'static str {
    match source {
        1 => "扫码",
        2 => "转发",
        3 => "搜索",
        4 => "公众号文章",
        5 => "公众号视频",
        _ => "",
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
}
