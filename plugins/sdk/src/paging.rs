//! Paging with `current_page` (from 1) and `length`; `length=0` disables
//! paging. The default length is chosen per endpoint.

use crate::bindings::leida::platform::types::Page;
use crate::failure::Failure;
use crate::input::Input;

/// One page of a list: `[(current_page-1)*length, current_page*length)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The page number, from 1.
    pub current_page: u32,
    /// Items per page; `None` means everything.
    pub length: Option<u32>,
}

impl Paging {
    /// Reads `current_page` and `length` (default `default_length`); 301 when
    /// either is not a non-negative integer or `current_page` is 0.
    pub fn from_input(input: &Input<'_>, default_length: u32) -> Result<Self, Failure> {
        let current_page = match input.int("current_page")? {
            None => 1,
            Some(n) if n >= 1 => clamp(n),
            Some(_) => return Err(Failure::invalid("current_page 必须是正整数")),
        };
        let length = match input.int("length")? {
            None => Some(default_length),
            Some(0) => None,
            Some(n) if n > 0 => Some(clamp(n)),
            Some(_) => return Err(Failure::invalid("length 不能为负数")),
        };
        Ok(Paging {
            current_page,
            length,
        })
    }

    /// Everything, unpaged.
    pub fn all() -> Self {
        Paging {
            current_page: 1,
            length: None,
        }
    }

    /// The host `page` (offset and limit) for this slice.
    pub fn page(&self) -> Page {
        match self.length {
            None => Page {
                offset: 0,
                limit: None,
            },
            Some(len) => Page {
                offset: (self.current_page - 1).saturating_mul(len),
                limit: Some(len),
            },
        }
    }

    /// This page's items of an in-memory list.
    pub fn slice<T>(&self, items: Vec<T>) -> Vec<T> {
        let page = self.page();
        let skip = page.offset as usize;
        let take = page.limit.map_or(usize::MAX, |l| l as usize);
        items.into_iter().skip(skip).take(take).collect()
    }
}

fn clamp(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(items: &[(&str, &str)], default: u32) -> Result<Paging, Failure> {
        let q: Vec<(String, String)> = items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Paging::from_input(&Input::new(&[], &q), default)
    }

    #[test]
    fn defaults_to_first_page() {
        let p = paging(&[], 10).unwrap();
        assert_eq!(
            p,
            Paging {
                current_page: 1,
                length: Some(10)
            }
        );
        assert_eq!(
            p.page(),
            Page {
                offset: 0,
                limit: Some(10)
            }
        );
    }

    #[test]
    fn computes_offsets() {
        let p = paging(&[("current_page", "3"), ("length", "20")], 10).unwrap();
        assert_eq!(
            p.page(),
            Page {
                offset: 40,
                limit: Some(20)
            }
        );
    }

    #[test]
    fn zero_length_disables_paging() {
        let p = paging(&[("current_page", "4"), ("length", "0")], 10).unwrap();
        assert_eq!(
            p.page(),
            Page {
                offset: 0,
                limit: None
            }
        );
        assert_eq!(p.slice((0..30).collect::<Vec<_>>()).len(), 30);
    }

    #[test]
    fn slices_lists() {
        let p = paging(&[("current_page", "2"), ("length", "3")], 10).unwrap();
        assert_eq!(p.slice((1..=8).collect::<Vec<_>>()), vec![4, 5, 6]);
        let p = paging(&[("current_page", "9"), ("length", "3")], 10).unwrap();
        assert!(p.slice((1..=8).collect::<Vec<_>>()).is_empty());
    }

    #[test]
    fn rejects_bad_values() {
        assert_eq!(paging(&[("current_page", "0")], 10).unwrap_err().code, 301);
        assert_eq!(paging(&[("length", "-1")], 10).unwrap_err().code, 301);
        assert_eq!(paging(&[("length", "x")], 10).unwrap_err().code, 301);
    }

    #[test]
    fn huge_pages_saturate() {
        let p = paging(&[("current_page", "99999999999"), ("length", "100")], 10).unwrap();
        assert_eq!(p.page().offset, u32::MAX);
    }
}
