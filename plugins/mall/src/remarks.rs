//! Radar action codes and remarks of the mall, in the radar's wording.

use leida_module_sdk::radar::Target;

/// 查看产品: viewed, listed or forwarded a product.
pub const VIEWED_PRODUCT: u16 = 2;
/// 咨询产品: product enquiry.
pub const CONSULTED: u16 = 7;

/// The remark of a product list view.
pub const LIST_REMARK: &str = "正在查看您发布的产品,尽快把握商机";
/// The remark of an enquiry.
pub const CONSULT_REMARK: &str = "向您咨询产品";

/// The remark of a single product view.
pub fn viewed_remark(name: &str) -> String {
    format!("正在查看{name},尽快把握商机")
}

/// The remark of a forward.
pub fn forwarded_remark(name: &str) -> String {
    format!("转发了{name}")
}

/// The action target of product `id`.
pub fn product_target(id: u64) -> Option<Target> {
    Some(Target {
        kind: "product".to_string(),
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_follow_the_domain() {
        assert_eq!(viewed_remark("门票"), "正在查看门票,尽快把握商机");
        assert_eq!(forwarded_remark("门票"), "转发了门票");
    }
}
