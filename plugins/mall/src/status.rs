//! Publication status of a product (1 published, 2 off the shelf, 3
//! recommended), its labels, its place in lists (`shelf_rank`) and the
//! status filters of the listings.

use leida_module_sdk::storage::{Comparison, Filter};
use leida_module_sdk::store;
use leida_module_sdk::Failure;

/// A product's publication status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 1 已发布.
    Published,
    /// 2 已下架.
    OffShelf,
    /// 3 推荐.
    Recommended,
}

impl Status {
    /// The status of a stored or requested code.
    pub fn from_code(code: i64) -> Option<Status> {
        match code {
            1 => Some(Status::Published),
            2 => Some(Status::OffShelf),
            3 => Some(Status::Recommended),
            _ => None,
        }
    }

    /// The wire code (`status_code`).
    pub fn code(self) -> u8 {
        match self {
            Status::Published => 1,
            Status::OffShelf => 2,
            Status::Recommended => 3,
        }
    }

    /// The wire label (`status`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Published => "已发布",
            Status::OffShelf => "已下架",
            Status::Recommended => "推荐",
        }
    }

    /// Place in lists, larger first: recommended 2, published 1, off the shelf 0.
    pub fn shelf_rank(self) -> u8 {
        match self {
            Status::Recommended => 2,
            Status::Published => 1,
            Status::OffShelf => 0,
        }
    }

    /// The answer of `change_status`: `修改{发布|下架|推荐}状态成功`.
    pub fn changed_msg(self) -> String {
        let verb = match self {
            Status::Published => "发布",
            Status::OffShelf => "下架",
            Status::Recommended => "推荐",
        };
        format!("修改{verb}状态成功")
    }
}

/// Which statuses a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every status.
    All,
    /// Published and recommended.
    OnShelf,
    /// One status only.
    Only(Status),
}

impl StatusFilter {
    /// The radar list's `status_code`: absent any, 1 published or
    /// recommended, 2 off the shelf, 3 recommended; 301 otherwise.
    pub fn of_status_code(code: Option<i64>) -> Result<StatusFilter, Failure> {
        match code {
            None => Ok(StatusFilter::All),
            Some(1) => Ok(StatusFilter::OnShelf),
            Some(c) => Status::from_code(c)
                .map(StatusFilter::Only)
                .ok_or_else(|| Failure::invalid("status_code 必须是 1、2 或 3")),
        }
    }

    /// The admin list's `status`: absent or 1 on the shelf (published or
    /// recommended), 2 off the shelf, 3 recommended; 301 otherwise.
    pub fn of_admin_status(code: Option<i64>) -> Result<StatusFilter, Failure> {
        match code {
            None | Some(1) => Ok(StatusFilter::OnShelf),
            Some(c) => Status::from_code(c)
                .map(StatusFilter::Only)
                .ok_or_else(|| Failure::invalid("status 必须是 1、2 或 3")),
        }
    }

    /// The storage conditions of this filter.
    pub fn filters(self) -> Vec<Filter> {
        match self {
            StatusFilter::All => Vec::new(),
            StatusFilter::OnShelf => vec![store::cond("shelf_rank", Comparison::Ge, 1i64)],
            StatusFilter::Only(s) => vec![store::eq("shelf_rank", s.shelf_rank())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels() {
        for code in 1..=3 {
            assert_eq!(i64::from(Status::from_code(code).unwrap().code()), code);
        }
        assert_eq!(Status::from_code(4), None);
        assert_eq!(Status::OffShelf.label(), "已下架");
        assert_eq!(Status::OffShelf.changed_msg(), "修改下架状态成功");
        assert!(Status::Recommended.shelf_rank() > Status::Published.shelf_rank());
        assert!(Status::Published.shelf_rank() > Status::OffShelf.shelf_rank());
    }

    #[test]
    fn radar_status_code_rules() {
        assert_eq!(StatusFilter::of_status_code(None), Ok(StatusFilter::All));
        assert_eq!(
            StatusFilter::of_status_code(Some(1)),
            Ok(StatusFilter::OnShelf)
        );
        assert_eq!(
            StatusFilter::of_status_code(Some(2)),
            Ok(StatusFilter::Only(Status::OffShelf))
        );
        assert_eq!(
            StatusFilter::of_status_code(Some(3)),
            Ok(StatusFilter::Only(Status::Recommended))
        );
        assert_eq!(StatusFilter::of_status_code(Some(0)).unwrap_err().code, 301);
    }

    #[test]
    fn admin_status_defaults_to_on_shelf() {
        assert_eq!(
            StatusFilter::of_admin_status(None),
            Ok(StatusFilter::OnShelf)
        );
        assert_eq!(
            StatusFilter::of_admin_status(Some(2)),
            Ok(StatusFilter::Only(Status::OffShelf))
        );
        assert_eq!(
            StatusFilter::of_admin_status(Some(9)).unwrap_err().code,
            301
        );
    }
}
