//! Which radar actions each number counts.

/// Viewed the card (1) or read an article (14): "browse".
pub const BROWSE: &[u16] = &[1, 14];
/// Forwarded the card (6) or an article or product (15, 16).
pub const FORWARD: &[u16] = &[6, 15, 16];
/// Copied the WeChat id (5): the Boss radar's "saved".
pub const COPIED_WECHAT: &[u16] = &[5];
/// Saved the phone number (8): the back office's "saved".
pub const SAVED_PHONE: &[u16] = &[8];
/// "Reliable" likes of the card (9) and likes of content (19).
pub const PRAISE: &[u16] = &[9, 19];
/// Product enquiries (7).
pub const PRODUCT_ENQUIRY: &[u16] = &[7];
/// Viewed the company website (4).
pub const WEBSITE: &[u16] = &[4];
/// Viewed a product (2).
pub const PRODUCT_VIEW: &[u16] = &[2];
/// Called the radar user (10).
pub const CALL: &[u16] = &[10];

/// Every code the overview pages count, for one count per window.
pub fn overview() -> Vec<u16> {
    [
        BROWSE,
        FORWARD,
        COPIED_WECHAT,
        SAVED_PHONE,
        PRAISE,
        PRODUCT_ENQUIRY,
        WEBSITE,
        PRODUCT_VIEW,
        CALL,
    ]
    .concat()
}
