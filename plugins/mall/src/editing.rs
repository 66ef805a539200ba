//! Changing products, shared by the radar app and the back office:
//! loading a product the caller may change, status changes and deletion.

use crate::descriptor::PRODUCTS;
use crate::pictures;
use crate::product::{self, ProductDoc};
use crate::rights::Staff;
use crate::status::Status;
use leida_module_sdk::object_id;
use leida_module_sdk::store::Stored;
use leida_module_sdk::{json, ok, storage, Failure, Input, Outcome, Request};

/// The 302 of a change the caller may not make.
pub fn no_permission() -> Failure {
    Failure::not_found("没有权限修改")
}

/// Product `id` for a caller who may edit it: 302 `产品不存在` when they may
/// not even see it, 302 `没有权限修改` when they may only see it.
pub fn editable(staff: &Staff, id: u64) -> Result<Stored<ProductDoc>, Failure> {
    let p = product::load(id)?;
    if !staff.may_see(&p.data) {
        return Err(product::missing());
    }
    if !staff.may_edit(&p.data) {
        return Err(no_permission());
    }
    Ok(p)
}

/// `POST …/product/change_status/{id}` (`status`): sets the status when the
/// rules allow it (see [`Staff::may_set_status`]); 302 `没有权限修改`
/// otherwise. Answers `{product_id, status, status_code}`.
pub fn change_status(req: &Request) -> Outcome {
    let staff = Staff::of(req)?;
    let id = object_id(req)?;
    let target = Status::from_code(Input::of(req).required_int("status")?)
        .ok_or_else(|| Failure::invalid("status 必须是 1、2 或 3"))?;
    let mut p = product::load(id)?;
    if !staff.may_see(&p.data) {
        return Err(product::missing());
    }
    if !staff.may_set_status(&p.data, target) {
        return Err(no_permission());
    }
    p.data.set_status(target);
    product::save_status(&p)?;
    Ok(ok(
        &target.changed_msg(),
        json!({ "product_id": p.id, "status": target.label(), "status_code": target.code() }),
    ))
}

/// `POST …/product/delete/{id}`: deletes a product the caller may edit,
/// with its pictures.
pub fn delete(req: &Request) -> Outcome {
    let staff = Staff::of(req)?;
    let p = editable(&staff, object_id(req)?)?;
    storage::delete(PRODUCTS, p.id)?;
    pictures::remove_of_product(p.id)?;
    Ok(ok("删除成功", json!({})))
}
