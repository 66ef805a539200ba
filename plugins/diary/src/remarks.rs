//! The radar remark of a diary read (action 22).

/// Radar code 22: the customer read a diary.
pub const DIARY_VIEW: u16 = 22;

/// The remark of a read of diary `title`, given the customer's earlier
/// reads of it.
pub fn view_remark(title: &str, previous: u64) -> String {
    let n = previous + 1;
    match previous {
        0 => format!("首次查看您的日记{title}, 沟通从此刻开始"),
        1 => format!("查看您的日记{title}/第{n}次, 把握深度交流的机会"),
        2 => format!("查看您的日记{title}/第{n}次, 建议标注重点客户"),
        _ => format!("查看您的日记{title}/第{n}次, 成交在望"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remark_climbs_with_the_reads() {
        assert_eq!(
            view_remark("美白", 0),
            "首次查看您的日记美白, 沟通从此刻开始"
        );
        assert_eq!(
            view_remark("美白", 1),
            "查看您的日记美白/第2次, 把握深度交流的机会"
        );
        assert_eq!(
            view_remark("美白", 2),
            "查看您的日记美白/第3次, 建议标注重点客户"
        );
        assert_eq!(view_remark("美白", 9), "查看您的日记美白/第10次, 成交在望");
    }
}
