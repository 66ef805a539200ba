//! Radar action codes and the remark texts the card module logs. The
//! customer's name is prefixed on display, not here.

/// 1: viewed the card (also: saved the card poster).
pub const VIEWED_CARD: u16 = 1;
/// 4: viewed the company website.
pub const VIEWED_WEBSITE: u16 = 4;
/// 5: copied the WeChat id.
pub const COPIED_WECHAT: u16 = 5;
/// 6: forwarded the card.
pub const FORWARDED_CARD: u16 = 6;
/// 8: saved the phone number.
pub const SAVED_PHONE: u16 = 8;
/// 9: "reliable" like, its withdrawal, and the signature like.
pub const RELIABLE: u16 = 9;
/// 10: called the card's phone.
pub const CALLED: u16 = 10;

/// Remark of action 4.
pub const WEBSITE_REMARK: &str = "查看了您公司的官网,看来TA对您公司感兴趣";
/// Remark of action 5.
pub const WECHAT_REMARK: &str = "复制了您的微信,留意微信新朋友消息";
/// Remark of action 6.
pub const FORWARD_REMARK: &str = "转发了你的名片,你的人脉圈正在裂变";
/// Remark of action 8.
pub const SAVE_PHONE_REMARK: &str = "保存了您的电话,可以考虑拜访";
/// Remark of action 9 when the like is given.
pub const PRAISE_REMARK: &str = "觉得您非常靠谱";
/// Remark of action 9 when the like is withdrawn.
pub const UNPRAISE_REMARK: &str = "取消了给你的靠谱评价";
/// Remark of action 9 for the signature like.
pub const SIGN_REMARK: &str = "赞了你的个性签名";
/// Remark of action 10.
pub const CALLING_REMARK: &str = "拨打您的手机";
/// Remark of action 1 logged by `save_poster`.
pub const POSTER_REMARK: &str = "保存了您的名片海报";

/// Remark of action 1 for a card view, given the number of earlier action-1
/// logs of the pair (N ≥ 3 all read `…第N次,成交在望`).
pub fn card_view_remark(previous_views: u64) -> String {
    match previous_views {
        0 => "首次查看您的名片,沟通从此刻开始".to_string(),
        1 => "查看您的名片第1次,把握深度交流的机会".to_string(),
        2 => "查看您的名片第2次,建议标注重点客户".to_string(),
        n => format!("查看您的名片第{n}次,成交在望"),
    }
}

/// The praise remark after a toggle that left the like `given` or withdrawn.
pub fn praise_remark(given: bool) -> &'static str {
    if given {
        PRAISE_REMARK
    } else {
        UNPRAISE_REMARK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_view_remarks_follow_the_count() {
        assert_eq!(card_view_remark(0), "首次查看您的名片,沟通从此刻开始");
        assert_eq!(card_view_remark(1), "查看您的名片第1次,把握深度交流的机会");
        assert_eq!(card_view_remark(2), "查看您的名片第2次,建议标注重点客户");
        // N == 3 is not the earlier system's stale remark.
        assert_eq!(card_view_remark(3), "查看您的名片第3次,成交在望");
        assert_eq!(card_view_remark(27), "查看您的名片第27次,成交在望");
    }

    #[test]
    fn praise_remark_depends_on_direction() {
        assert_eq!(praise_remark(true), "觉得您非常靠谱");
        assert_eq!(praise_remark(false), "取消了给你的靠谱评价");
    }
}
