//! The company's WeChat public account (公众号): the share links that bring
//! customers to its web pages signed in, through WeChat's OAuth.

pub mod share_link;
