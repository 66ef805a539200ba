//! Logins and the session set-up that precedes signed requests.

pub mod admin;
pub mod mini_program;
pub mod scan;
pub mod wecom;
