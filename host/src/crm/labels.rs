//! Display labels of customers and their relations: client types, sources
//! and the name shown for a customer.

/// `customer_source_text`: the customer's client type (`user_type`).
pub fn customer_type_label(user_type: i64) -> &'static str {
    match user_type {
        1 => "微信公众号",
        2 => "微信小程序",
        3 => "雷达管家-消息推送",
        _ => "",
    }
}

/// `source_text`: how the customer came to the salesperson.
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

/// The name the radar shows for a customer: the stored nickname, or
/// `客户ID{id}` for a customer who never authorised one.
pub fn customer_name(name: &str, id: i64) -> String {
    if name.is_empty() {
        format!("客户ID{id}")
    } else {
        name.to_string()
    }
}

/// The name a radar user goes by on their card and in chat: the card
/// nickname when set, else the user name.
pub fn user_name<'a>(nickname: &'a str, username: &'a str) -> &'a str {
    if nickname.is_empty() {
        username
    } else {
        nickname
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
        assert_eq!(customer_name("", 7), "客户ID7");
        assert_eq!(customer_name("张三", 7), "张三");
        assert_eq!(customer_type_label(2), "微信小程序");
        assert_eq!(user_name("", "alice"), "alice");
        assert_eq!(user_name("小艾", "alice"), "小艾");
    }
}
