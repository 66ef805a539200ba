//! What the radar shows for action codes: their labels and the
//! kind of log line.

/// Labels of action codes 1..=24, by code − 1.
const ACTION_LABELS: [&str; 24] = [
    "查看名片",
    "查看产品",
    "查看动态",
    "查看官网",
    "复制微信",
    "转发名片",
    "咨询产品",
    "保存电话",
    "觉得靠谱",
    "拨打电话",
    "播放语音",
    "复制邮箱",
    "授权访问",
    "查看文章",
    "转发文章到朋友",
    "转发文章到朋友圈",
    "报名活动",
    "下单成功",
    "点赞文章",
    "取消订单",
    "查看日记首页",
    "查看日记详情",
    "发送小程序",
    "查看视频",
];

/// The codes `action/count` names in its `action` map (the card's actions).
pub const COUNTED_ACTIONS: std::ops::RangeInclusive<i64> = 1..=12;

/// The label of an action code; `None` for codes that are never logged.
pub fn action_label(code: i64) -> Option<&'static str> {
    usize::try_from(code)
        .ok()
        .and_then(|c| c.checked_sub(1))
        .and_then(|i| ACTION_LABELS.get(i).copied())
}

/// The label of a logged code, or the code itself for an unknown one.
pub fn action_name(code: i64) -> String {
    action_label(code).map_or_else(|| code.to_string(), str::to_string)
}

/// `log_type` of a timeline entry: 2 a video (24), 3 a diary (21, 22), else 1.
pub fn log_type(code: i64) -> i64 {
    match code {
        24 => 2,
        21 | 22 => 3,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_code_table() {
        assert_eq!(action_label(1), Some("查看名片"));
        assert_eq!(action_label(12), Some("复制邮箱"));
        assert_eq!(action_label(24), Some("查看视频"));
        assert_eq!(action_label(0), None);
        assert_eq!(action_label(25), None);
        assert_eq!(action_name(99), "99");
        assert_eq!(
            (log_type(24), log_type(21), log_type(22), log_type(1)),
            (2, 3, 3, 1)
        );
    }
}
