//! Each capability's host functions called directly on a `ModuleState`, as a
//! module's imports would call them, bound to one company, caller and slot.

mod chat;
mod clock;
mod directory;
mod files;
mod follow_ups;
mod images;
mod links;
mod log;
mod peers;
mod radar;
mod storage;
