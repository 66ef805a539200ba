//! The radar remark of a visit to the case library (action 21).

/// Radar code 21: the customer opened the case library.
pub const CASES_VIEW: u16 = 21;

/// The remark of a visit, given the customer's earlier visits.
pub fn view_remark(previous: u64) -> String {
    let n = previous + 1;
    match previous {
        0 => "首次查看您的日记首页, 沟通从此刻开始".to_string(),
        1 => format!("查看您的日记首页/第{n}次, 把握深度交流的机会"),
        2 => format!("查看您的日记首页/第{n}次, 建议标注重点客户"),
        _ => format!("查看您的日记首页/第{n}次, 成交在望"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remark_climbs_with_the_visits() {
        assert_eq!(view_remark(0), "首次查看您的日记首页, 沟通从此刻开始");
        assert_eq!(view_remark(1), "查看您的日记首页/第2次, 把握深度交流的机会");
        assert_eq!(view_remark(2), "查看您的日记首页/第3次, 建议标注重点客户");
        assert_eq!(view_remark(5), "查看您的日记首页/第6次, 成交在望");
    }
}
